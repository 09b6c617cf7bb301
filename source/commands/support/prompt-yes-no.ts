import process from 'node:process';
import {createInterface} from 'node:readline';

/** True when a question can be asked and answered: both stdin and stderr are a terminal. */
export function canAsk(): boolean {
	return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

/** Asks a y/N question on the terminal; anything but y or yes (Enter, Ctrl-D) is no. */
export async function askYesNo(question: string): Promise<boolean> {
	const lines = createInterface({input: process.stdin, output: process.stderr, terminal: true});
	return new Promise<boolean>(resolve => {
		let answered = false;
		const finish = (answer: boolean) => {
			if (!answered) {
				answered = true;
				lines.close();
				resolve(answer);
			}
		};

		lines.on('SIGINT', () => {
			process.stderr.write('\n');
			finish(false);
		});
		lines.on('close', () => finish(false));
		lines.question(`${question} [y/N] `, answer => finish(/^\s*y(es)?\s*$/i.test(answer)));
	});
}
