import process from 'node:process';
import {AppError} from '../core/app-error.js';
import {createKeyFiles, defaultKeyPath, keyFilesFor, assertKeyFilesFree} from '../core/keys/create-key-files.js';
import {validateMarker} from '../core/keys/marker.js';
import {formatFingerprintLine} from '../core/keys/public-key.js';
import {exitCodes, type Command} from './support/command.js';
import {parseFlags} from './support/parse-flags.js';
import {promptSecret} from './support/prompt-secret.js';
import {readSecretFile} from './support/read-secret-file.js';
import {cancelOnSignal} from './support/cancel-on-signal.js';
import {startSpinner} from './support/spinner.js';
import {UsageError} from './support/usage-error.js';

const help = `Usage: asapp-sftp keygen --marker MARKER [--out PATH] [--passphrase-file FILE | --no-passphrase] [--ppk] [--json]

Creates the RSA 4096 key ASAPP asks for, with the comment sftp<MARKER>.

  --marker MARKER         your company marker from ASAPP (the user name is sftp<MARKER>)
  --out PATH              private key path (default ~/.ssh/asapp_sftp<MARKER>_rsa);
                          the public key goes to PATH.pub
  --passphrase-file FILE  protect the private key with the passphrase in FILE (first line)
  --no-passphrase         do not ask for a passphrase on a terminal
  --ppk                   also write PATH.ppk (PuTTY format, for WinSCP and FileZilla)
  --json                  print the result as JSON

On a terminal, without --passphrase-file or --no-passphrase, you are asked for a
passphrase (empty for none), as ssh-keygen does. Existing files are never overwritten.
Ctrl-C while the key is made leaves no file behind (exit 130).`;

async function choosePassphrase(values: {'passphrase-file'?: string; 'no-passphrase'?: boolean}): Promise<string> {
	if (values['passphrase-file'] !== undefined) {
		return readSecretFile(values['passphrase-file']);
	}

	if (values['no-passphrase'] || !process.stdin.isTTY) {
		return '';
	}

	const first = await promptSecret('Passphrase for the new key (empty for none): ');
	if (first === '') {
		return '';
	}

	const second = await promptSecret('Same passphrase again: ');
	if (first !== second) {
		throw new AppError('passphrase-mismatch', 'The two passphrases differ; no key was made.', {hint: 'Run keygen again.'});
	}

	return first;
}

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('keygen', args, {
		marker: {type: 'string'},
		out: {type: 'string'},
		'passphrase-file': {type: 'string'},
		'no-passphrase': {type: 'boolean'},
		ppk: {type: 'boolean'},
		json: {type: 'boolean'},
	});
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length > 0) {
		throw new UsageError(`unexpected argument "${positionals[0]}"`, 'keygen');
	}

	if (values.marker === undefined) {
		throw new UsageError('--marker is required (the company marker ASAPP gave you)', 'keygen');
	}

	if (values['passphrase-file'] !== undefined && values['no-passphrase']) {
		throw new UsageError('--passphrase-file and --no-passphrase exclude each other', 'keygen');
	}

	const marker = validateMarker(values.marker);
	const withPpk = values.ppk ?? false;
	// Refuse before asking for a passphrase: nobody should type one for nothing.
	await assertKeyFilesFree(keyFilesFor(values.out ?? defaultKeyPath(marker), withPpk));
	const passphrase = await choosePassphrase(values);

	// Ctrl-C while the key is made or written leaves no key file and no temporary file.
	const cancel = cancelOnSignal();
	const spinner = values.json || !process.stderr.isTTY ? undefined : startSpinner('Generating an RSA 4096 key (Ctrl-C cancels)');
	if (!spinner) {
		process.stderr.write('Generating an RSA 4096 key (Ctrl-C cancels)...\n');
	}

	let created;
	try {
		created = await createKeyFiles({marker, privateKeyPath: values.out, passphrase, ppk: withPpk, signal: cancel.signal});
	} finally {
		spinner?.stop();
		cancel.dispose();
	}

	if (values.json) {
		process.stdout.write(`${JSON.stringify({
			privateKey: created.privateKey,
			publicKey: created.publicKey,
			ppk: created.ppk ?? null,
			fingerprint: created.info.fingerprint,
			bits: created.info.bits,
			comment: created.info.comment,
		})}\n`);
		return exitCodes.ok;
	}

	const lines = [
		`Private key: ${created.privateKey}  (mode 0600${created.encrypted ? ', passphrase-protected' : ''}; keep it to yourself)`,
		`Public key:  ${created.publicKey}`,
		...(created.ppk === undefined ? [] : [`PuTTY key:   ${created.ppk}  (for WinSCP / FileZilla)`]),
		...(created.defaultPath ? ['(Default name chosen so the key never collides with an existing ~/.ssh/id_rsa; use --out to pick another.)'] : []),
		'',
		formatFingerprintLine(created.info),
		created.info.openSshLine,
		'',
		'Next: send the .pub file to ASAPP (it is not a secret and can be emailed).',
		`Once ASAPP confirms, connect as ${created.info.comment} with this private key.`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	return exitCodes.ok;
}

export const keygenCommand: Command = {
	name: 'keygen',
	summary: 'create the RSA 4096 key ASAPP asks for (never overwrites)',
	help,
	run,
};
