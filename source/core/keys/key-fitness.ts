import {requiredRsaBits} from './generate-key.js';
import {withArticle} from '../text/english.js';
import {keyTypeLabel, type PublicKeyInfo} from './public-key.js';

/**
 * ASAPP asks for an RSA key of 4096 bits. Whether a key fits is one rule, used by the
 * wizard (which refuses other keys), by every connecting command (which warns and goes
 * on: the server may accept it) and by doctor (a warning stage).
 */
export type KeyFitness =
	| {fit: true}
	| {
		fit: false;
		/** What the key is, e.g. "an ED25519 key (256 bits)". */
		description: string;
		/** One sentence: what the key is and what ASAPP asked for. */
		reason: string;
	};

export function keyFitnessForAsapp(key: Pick<PublicKeyInfo, 'type' | 'bits'>): KeyFitness {
	if (key.type === 'ssh-rsa' && key.bits >= requiredRsaBits) {
		return {fit: true};
	}

	const description = `${withArticle(keyTypeLabel(key.type))} key (${key.bits} bits)`;
	return {
		fit: false,
		description,
		reason: `This is ${description}; ASAPP asked for RSA ${requiredRsaBits}.`,
	};
}
