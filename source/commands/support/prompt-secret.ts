import process from 'node:process';
import {AppError} from '../../core/app-error.js';

/**
 * Asks for a secret on the terminal without echoing it. Only for interactive use:
 * callers check `process.stdin.isTTY` first and fall back to files or environment.
 */
export async function promptSecret(question: string): Promise<string> {
	const {stdin, stderr} = process;
	stderr.write(question);
	stdin.setRawMode(true);
	stdin.resume();
	stdin.setEncoding('utf8');
	return new Promise<string>((resolve, reject) => {
		let secret = '';
		const finish = (error?: Error) => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
			stderr.write('\n');
			if (error) {
				reject(error);
			} else {
				resolve(secret);
			}
		};

		const onData = (chunk: string) => {
			for (const character of chunk) {
				if (character === '\r' || character === '\n' || character === '\u0004') {
					finish();
					return;
				}

				if (character === '\u0003') {
					finish(new AppError('cancelled', 'Cancelled at the passphrase prompt; nothing was written.'));
					return;
				}

				if (character === '\u007F' || character === '\b') {
					secret = [...secret].slice(0, -1).join('');
				} else if (character >= ' ') {
					secret += character;
				}
			}
		};

		stdin.on('data', onData);
	});
}
