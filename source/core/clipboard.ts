import {spawn} from 'node:child_process';
import process from 'node:process';

/** How a text reached the clipboard: a system tool, the terminal (OSC 52), or not at all. */
export type CopyResult = 'osc52' | 'tool' | 'unavailable';

async function runClipboardTool(text: string): Promise<boolean> {
	const candidates: Array<[string, string[]]> = process.platform === 'darwin'
		? [['pbcopy', []]]
		: process.platform === 'win32'
			? [['clip', []]]
			: [
				...(process.env['WAYLAND_DISPLAY'] ? [['wl-copy', []] as [string, string[]]] : []),
				...(process.env['DISPLAY'] ? [['xclip', ['-selection', 'clipboard']], ['xsel', ['--clipboard', '--input']]] as Array<[string, string[]]> : []),
			];
	for (const [command, args] of candidates) {
		const ok = await new Promise<boolean>(resolve => {
			const child = spawn(command, args, {stdio: ['pipe', 'ignore', 'ignore']});
			child.on('error', () => {
				resolve(false);
			});
			child.on('close', code => {
				resolve(code === 0);
			});
			child.stdin.end(text);
		});
		if (ok) {
			return true;
		}
	}

	return false;
}

/** OSC 52 asks the terminal itself to set the clipboard; inside tmux it must be passed through. */
function osc52(text: string): string {
	const sequence = `\u001B]52;c;${Buffer.from(text).toString('base64')}\u0007`;
	return process.env['TMUX'] ? `\u001BPtmux;${sequence.replaceAll('\u001B', '\u001B\u001B')}\u001B\\` : sequence;
}

/** Copies with a system tool when there is one, else asks the terminal (when it is one). */
export async function copyToClipboard(text: string, stdout: NodeJS.WriteStream = process.stdout): Promise<CopyResult> {
	if (await runClipboardTool(text).catch(() => false)) {
		return 'tool';
	}

	if (stdout.isTTY) {
		stdout.write(osc52(text));
		return 'osc52';
	}

	return 'unavailable';
}
