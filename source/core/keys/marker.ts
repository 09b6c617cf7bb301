import {AppError} from '../app-error.js';

const markerPattern = /^[A-Za-z0-9_-]+$/;

/**
 * ASAPP chooses the company marker; the SFTP user name and the key comment are both
 * `sftp<marker>`. Only letters, digits, `-` and `_` survive every tool on the way.
 */
export function validateMarker(marker: string): string {
	const trimmed = marker.trim();
	if (trimmed === '') {
		throw new AppError('marker-empty', 'The company marker is empty.', {
			hint: 'Use the marker ASAPP gave you, e.g. testcompany for the user sftptestcompany.',
		});
	}

	if (!markerPattern.test(trimmed)) {
		throw new AppError('marker-invalid', `The company marker "${trimmed}" may only contain letters, digits, "-" and "_".`, {
			hint: 'Use the marker exactly as ASAPP gave it, without spaces, slashes or the "sftp" prefix.',
		});
	}

	return trimmed;
}

/** The SFTP user name, and also the comment of the key made for it. */
export function userNameForMarker(marker: string): string {
	return `sftp${validateMarker(marker)}`;
}

/**
 * A marker typed with the user name's `sftp` in front (`sftptestco` for the user
 * `sftptestco`) would make the user `sftpsftptestco`: the part after `sftp` is probably
 * what was meant. Undefined when the marker does not look like that.
 */
export function markerWithoutUserPrefix(marker: string): string | undefined {
	const trimmed = marker.trim();
	const match = /^sftp[-_]?(.+)$/i.exec(trimmed);
	return match && markerPattern.test(match[1]!) ? match[1] : undefined;
}
