import ssh2 from 'ssh2';
import {describePublicKeyBlob, type PublicKeyInfo} from '../keys/public-key.js';

export type AgentProbe =
	| {status: 'ok'; keys: PublicKeyInfo[]}
	| {status: 'dead'; reason: string};

/**
 * Asks the ssh-agent at `socketPath` (SSH_AUTH_SOCK) for its keys before a connection relies
 * on it: a socket left behind by an agent that has gone (or that closes at once) is found
 * here, so the caller can fall back to a key file, as OpenSSH does, or say what is wrong.
 */
export async function probeAgent(socketPath: string, timeoutMs = 3000): Promise<AgentProbe> {
	return new Promise(resolve => {
		let settled = false;
		const finish = (result: AgentProbe) => {
			if (!settled) {
				settled = true;
				clearTimeout(timer);
				resolve(result);
			}
		};

		const timer = setTimeout(() => {
			finish({status: 'dead', reason: `no answer within ${timeoutMs / 1000} s`});
		}, timeoutMs);
		try {
			new ssh2.OpenSSHAgent(socketPath).getIdentities((error, keys) => {
				if (error) {
					finish({status: 'dead', reason: error.message.replace(/\.$/, '')});
				} else {
					// The agent's keys arrive as ssh2 key objects (the types also allow a wrapper).
					const parsed = (keys ?? []) as Array<{getPublicSSH(): Buffer; comment: string}>;
					finish({status: 'ok', keys: parsed.map(key => describePublicKeyBlob(key.getPublicSSH(), key.comment))});
				}
			});
		} catch (error) {
			finish({status: 'dead', reason: error instanceof Error ? error.message : String(error)});
		}
	});
}
