import {lstat} from 'node:fs/promises';
import path from 'node:path';
import {errnoCode} from '../app-error.js';

/**
 * A path as clients see it: always absolute, `/` being the sandbox root. Built only by
 * `parseVirtualPath`, so every path the server touches went through its checks.
 */
export type VirtualPath = {
	/** Normalised, e.g. `/in/reports/a.csv`. */
	text: string;
	/** The names under the root, e.g. `['in', 'reports', 'a.csv']`; empty for the root. */
	parts: string[];
};

/** Why a path was refused before touching the disk. */
export type PathRefusal = {refused: 'nul-byte' | 'too-long'};

/** Linux's NAME_MAX; longer names cannot exist on disk anyway. */
export const maxNameBytes = 255;
/** Far below PATH_MAX: no real upload needs more, and it bounds the work per request. */
export const maxPathBytes = 1024;

/**
 * Resolves what a client sent against `/` the way a chroot would: `.` is dropped, `..`
 * never climbs above the root, repeated and trailing slashes collapse, relative paths
 * start at the root. NUL bytes and over-long paths are refused outright.
 */
export function parseVirtualPath(requested: string): VirtualPath | PathRefusal {
	if (requested.includes('\0')) {
		return {refused: 'nul-byte'};
	}

	if (Buffer.byteLength(requested) > maxPathBytes) {
		return {refused: 'too-long'};
	}

	const parts: string[] = [];
	for (const name of requested.split('/')) {
		if (name === '' || name === '.') {
			continue;
		}

		if (name === '..') {
			parts.pop();
			continue;
		}

		if (Buffer.byteLength(name) > maxNameBytes) {
			return {refused: 'too-long'};
		}

		parts.push(name);
	}

	return {text: `/${parts.join('/')}`, parts};
}

export function isRefusal(value: VirtualPath | PathRefusal): value is PathRefusal {
	return 'refused' in value;
}

/**
 * Which part of the tree a path is in. Production shows only `in` and `out` at the top;
 * anything else under the root on disk is hidden. Uploads and changes are allowed only
 * inside `in` (not on `in` itself); `out` and the root are read-only.
 */
export type Area = 'root' | 'in-folder' | 'in' | 'out-folder' | 'out' | 'hidden';

export function areaOf(target: VirtualPath): Area {
	const [top] = target.parts;
	if (top === undefined) {
		return 'root';
	}

	if (top === 'in') {
		return target.parts.length === 1 ? 'in-folder' : 'in';
	}

	if (top === 'out') {
		return target.parts.length === 1 ? 'out-folder' : 'out';
	}

	return 'hidden';
}

/** Where a virtual path lives on disk: always `realRoot` joined with checked names. */
export function diskPathOf(realRoot: string, target: VirtualPath): string {
	return path.join(realRoot, ...target.parts);
}

export type DiskLookup =
	| {kind: 'found'; diskPath: string; isDirectory: boolean; isFile: boolean}
	| {kind: 'missing'; diskPath: string; parentExists: boolean}
	/** A symlink or special file on the way: treated as absent, since production has none. */
	| {kind: 'blocked'; diskPath: string};

/**
 * Walks the path from the root with lstat, one name at a time, so a symlink planted on
 * disk (even as a parent folder) is never followed. `realRoot` must be the root's
 * realpath. Hidden top-level names count as missing.
 */
export async function lookUpOnDisk(realRoot: string, target: VirtualPath): Promise<DiskLookup> {
	const diskPath = diskPathOf(realRoot, target);
	if (areaOf(target) === 'hidden') {
		return {kind: 'missing', diskPath, parentExists: false};
	}

	let current = realRoot;
	for (let index = 0; index < target.parts.length; index++) {
		current = path.join(current, target.parts[index]!);
		const isLast = index === target.parts.length - 1;
		let info;
		try {
			info = await lstat(current);
		} catch (error) {
			const code = errnoCode(error);
			if (code === 'ENOENT' || code === 'ENOTDIR') {
				return {kind: 'missing', diskPath, parentExists: isLast};
			}

			throw error;
		}

		if (info.isSymbolicLink()) {
			return {kind: 'blocked', diskPath};
		}

		if (isLast) {
			if (!info.isDirectory() && !info.isFile()) {
				return {kind: 'blocked', diskPath};
			}

			return {kind: 'found', diskPath, isDirectory: info.isDirectory(), isFile: info.isFile()};
		}

		if (!info.isDirectory()) {
			return {kind: 'missing', diskPath, parentExists: false};
		}
	}

	return {kind: 'found', diskPath, isDirectory: true, isFile: false};
}
