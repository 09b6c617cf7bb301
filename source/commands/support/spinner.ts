import process from 'node:process';

const frames = ['|', '/', '-', '\\'];

/**
 * A one-line spinner on stderr for long headless work; silent when stderr is not a
 * terminal, so logs and pipes stay clean.
 */
export function startSpinner(label: string): {stop(): void} {
	const {stderr} = process;
	if (!stderr.isTTY) {
		return {stop() {}};
	}

	let frame = 0;
	const started = Date.now();
	const draw = () => {
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		stderr.write(`\r${frames[frame++ % frames.length]} ${label}... ${seconds}s`);
	};

	draw();
	const timer = setInterval(draw, 100);
	return {
		stop() {
			clearInterval(timer);
			stderr.write('\r\u001B[2K');
		},
	};
}
