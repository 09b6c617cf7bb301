import {validateMarker} from '../../core/keys/marker.js';
import type {StartOptions} from '../../ui/start-options.js';
import {parseFlags} from './parse-flags.js';
import {parsePort} from './parse-port.js';
import {UsageError} from './usage-error.js';

/** The flags that name a server and a login: the app's flags, and part of every connecting command's. */
export const serverFlags = {
	host: {type: 'string'},
	port: {type: 'string'},
	user: {type: 'string'},
	marker: {type: 'string'},
	identity: {type: 'string', short: 'i'},
	'known-hosts': {type: 'string'},
} as const;

/** True when argv starts with an option rather than a sub-command: the app is meant. */
export function isAppInvocation(first: string | undefined): boolean {
	return first === undefined || (first.startsWith('-') && !['--help', '-h', '--version', '-V'].includes(first));
}

/** The app's flags, checked; a mistake is a UsageError (exit 2, one line). */
export function parseAppFlags(args: string[]): StartOptions {
	const {values} = parseFlags('', args, serverFlags, false);
	if (values.user !== undefined && values.marker !== undefined) {
		throw new UsageError('--user and --marker exclude each other');
	}

	if (values.host !== undefined && values.host.trim() === '') {
		throw new UsageError('--host needs a host name or address');
	}

	let marker: string | undefined;
	if (values.marker !== undefined) {
		try {
			marker = validateMarker(values.marker);
		} catch (error) {
			throw new UsageError(`--marker: ${(error as Error).message}`);
		}
	}

	return {
		host: values.host?.trim(),
		port: values.port === undefined ? undefined : parsePort(values.port, ''),
		user: values.user,
		marker,
		identity: values.identity,
		knownHostsFile: values['known-hosts'],
	};
}
