// Builds dist/ as a few bundled ES modules (esbuild), so the app's start reads a handful of
// files instead of some 400 modules. `node scripts/build.js --if-stale` builds only when a
// source file, the lockfile or this script is newer than the last build.
import {builtinModules} from 'node:module';
import {mkdir, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');

/** What the build reads: a change to any of these makes dist/ stale. */
async function newestInput() {
	let newest = 0;
	const visit = async directory => {
		for (const entry of await readdir(directory, {withFileTypes: true})) {
			const full = path.join(directory, entry.name);
			if (entry.isDirectory()) {
				await visit(full);
			} else {
				newest = Math.max(newest, (await stat(full)).mtimeMs);
			}
		}
	};

	// scripts/ whole: the build and the helpers its plugins put into the bundle.
	await visit(path.join(root, 'source'));
	await visit(path.join(root, 'scripts'));
	for (const file of ['package.json', 'package-lock.json']) {
		newest = Math.max(newest, (await stat(path.join(root, file))).mtimeMs);
	}

	return newest;
}

export async function isStale() {
	try {
		return (await stat(stamp)).mtimeMs < await newestInput();
	} catch {
		return true; // Never built.
	}
}

/**
 * Ink's layout engine (yoga-layout) carries its WebAssembly as a base64 data URL and, when
 * `fetch` exists (Node 18 and later), decodes it by fetching that URL: that loads Node's
 * whole HTTP client (undici), a third of the app's start. Its own decoder does the same in
 * a fraction of the time, so the bundle takes that path. The build fails if the code it
 * looks for is gone (a new yoga-layout), rather than quietly losing the gain.
 */
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(build) {
		build.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async arguments_ => {
			const source = await readFile(arguments_.path, 'utf8');
			const test = '"function"!=typeof fetch';
			const found = source.split(test).length - 1;
			if (found !== 2) {
				throw new Error(`yoga-layout changed: expected 2 fetch checks in ${arguments_.path}, found ${found}; review scripts/build.js`);
			}

			return {contents: source.replaceAll(test, '!0'), loader: 'js'};
		});
	},
};

/**
 * string-width's first look at a string beyond ASCII sets up grapheme segmentation and a
 * Unicode emoji pattern: tens of milliseconds that the first frame pays for a `·`, an arrow
 * or a colour. Text that narrow-characters.js can count exactly is counted there; anything
 * else goes to string-width as before.
 */
const fastStringWidth = {
	name: 'fast-string-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, async arguments_ => {
			if (arguments_.pluginData === 'real') {
				return undefined;
			}

			const real = await build.resolve('string-width', {resolveDir: arguments_.resolveDir, kind: arguments_.kind, pluginData: 'real'});
			return {path: real.path, namespace: 'fast-string-width'};
		});
		build.onLoad({filter: /.*/, namespace: 'fast-string-width'}, arguments_ => ({
			resolveDir: path.dirname(arguments_.path),
			loader: 'js',
			contents: `import stringWidth from ${JSON.stringify(arguments_.path)};
import {narrowWidth} from ${JSON.stringify(path.join(root, 'scripts', 'narrow-characters.js'))};
export default function fastStringWidth(input, options) {
	return narrowWidth(input, options) ?? stringWidth(input, options);
}
`,
		}));
	},
};

/**
 * Ink turns every frame into text cell by cell (@alcalzone/ansi-tokenize's
 * styledCharsToString), and between two cells it works out the colour codes that change:
 * four Sets and three arrays per cell, even when both cells have the same colours, as
 * nearly all neighbours do. That is about 1 MB of garbage for a 120x35 frame, ten frames a
 * second while a transfer runs. Cells with the same codes need no change (the library's
 * own diff gives none for them), so that case is skipped before any allocation. The build
 * fails if the code it looks for is gone (a new ansi-tokenize); test/build/same-style-cells
 * checks that frames come out the same.
 */
export function skipSameStyleDiffs(source, file = '@alcalzone/ansi-tokenize/build/styledChars.js') {
	const diff = 'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));';
	if (source.split(diff).length !== 2) {
		throw new Error(`@alcalzone/ansi-tokenize changed: the cell-to-cell diff is not in ${file}; review scripts/build.js`);
	}

	const sameCodes = `function sameCodes(from, to) {
	if (from.length !== to.length) {
		return false;
	}
	for (let index = 0; index < from.length; index++) {
		if (from[index].code !== to[index].code || from[index].endCode !== to[index].endCode) {
			return false;
		}
	}
	return true;
}
`;
	return `${sameCodes}${source.replace(diff, `if (!sameCodes(chars[i - 1].styles, char.styles)) {\n\t\t\t${diff}\n\t\t}`)}`;
}

const sameStyleCells = {
	name: 'same-style-cells',
	setup(build) {
		build.onLoad({filter: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/}, async arguments_ => ({
			contents: skipSameStyleDiffs(await readFile(arguments_.path, 'utf8'), arguments_.path),
			loader: 'js',
			resolveDir: path.dirname(arguments_.path),
		}));
	},
};

/**
 * Ink's text helpers (string-width 7 and 8, slice-ansi, ansi-tokenize) each build an
 * Intl.Segmenter when loaded; the first one loads ICU's break rules, 8 to 30 ms of the app's
 * first frame. Each gets lazy-segmenter.js's instead, which builds the real one only for
 * text that needs it. The build fails if a module no longer holds exactly one.
 */
const lazySegmenters = {
	name: 'lazy-segmenters',
	setup(build) {
		const modules = /node_modules[\\/](string-width[\\/]index|slice-ansi[\\/]tokenize-ansi|@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize)\.js$/;
		build.onLoad({filter: modules}, async arguments_ => {
			const source = await readFile(arguments_.path, 'utf8');
			const found = source.split('new Intl.Segmenter(').length - 1;
			if (found !== 1) {
				throw new Error(`${arguments_.path} holds ${found} Intl.Segmenter constructions, not one; review scripts/build.js`);
			}

			const lazy = JSON.stringify(path.join(root, 'scripts', 'lazy-segmenter.js'));
			return {
				contents: `import {lazyGraphemeSegmenter as __asappLazySegmenter} from ${lazy};\n${source.replace('new Intl.Segmenter(', '__asappLazySegmenter(')}`,
				loader: 'js',
				resolveDir: path.dirname(arguments_.path),
			};
		});
	},
};

/**
 * Node's own modules by require() rather than as ES modules: importing one as an ES module
 * builds a facade that reads every export (node:process alone then loads streams,
 * fs/promises and readline), 10 to 15 ms of the app's start on Node 24 for the dozen it
 * uses; require() hands over the module as it is. Bundled code keeps its import syntax.
 */
const builtinsByRequire = {
	name: 'builtins-by-require',
	setup(build) {
		const names = new Set(builtinModules.flatMap(name => [name, `node:${name}`]));
		build.onResolve({filter: /^[a-z_/:]+$/}, arguments_ => {
			if (!names.has(arguments_.path)) {
				return undefined;
			}

			// The stand-in's own require() is Node's (the banner's), not bundled again.
			return arguments_.namespace === 'builtin-by-require'
				? {path: arguments_.path, external: true}
				: {path: arguments_.path, namespace: 'builtin-by-require'};
		});
		build.onLoad({filter: /.*/, namespace: 'builtin-by-require'}, arguments_ => ({
			contents: `module.exports = require(${JSON.stringify(arguments_.path)});`,
			loader: 'js',
		}));
	},
};

export async function build() {
	const {build: esbuild} = await import('esbuild');
	await rm(dist, {recursive: true, force: true});
	const result = await esbuild({
		absWorkingDir: root,
		entryPoints: {
			cli: 'source/cli.tsx',
			// The validator's worker, loaded as `new URL('./scan-worker.js', import.meta.url)`
			// from the chunk that holds the validator (checked below).
			'scan-worker': 'source/core/validate/scan-worker.ts',
			// For bench/: the validator as the product runs it.
			'core/validate/validate-file': 'source/core/validate/validate-file.ts',
			// For bench/: the conversion as the product runs it.
			'core/convert/convert-file': 'source/core/convert/convert-file.ts',
		},
		outdir: 'dist',
		bundle: true,
		splitting: true, // The app and each sub-command stay loaded on demand.
		format: 'esm',
		platform: 'node',
		target: 'node20',
		jsx: 'automatic',
		// Less to parse at every start; ASAPP_NO_MINIFY=1 keeps names readable for profiling.
		minify: process.env.ASAPP_NO_MINIFY !== '1',
		sourcemap: 'linked',
		legalComments: 'linked',
		metafile: true,
		logLevel: 'warning',
		define: {'process.env.NODE_ENV': '"production"'},
		plugins: [yogaWithoutFetch, fastStringWidth, sameStyleCells, lazySegmenters, builtinsByRequire],
		// ssh2 loads its native crypto binding by a relative path and is patched in place
		// (patches/), so it is loaded from node_modules. Ink imports react-devtools-core
		// only when DEV=true; it is not installed.
		external: ['ssh2', 'react-devtools-core'],
		// Bundled CommonJS (react, node-forge) calls require() for Node's own modules.
		banner: {js: 'import {createRequire as __asappCreateRequire} from \'node:module\'; const require = __asappCreateRequire(import.meta.url);'},
	});

	// The worker is found next to the code that starts it: make sure that is dist/ itself.
	for (const [file, output] of Object.entries(result.metafile.outputs)) {
		if (!file.endsWith('.js') || !Object.keys(output.inputs).includes('source/core/validate/validate-file.ts')) {
			continue;
		}

		if (path.dirname(file) !== 'dist' && path.dirname(file) !== 'dist/core/validate') {
			throw new Error(`The validator landed in ${file}; its worker would not be found.`);
		}
	}

	const workerUsers = [];
	for (const file of Object.keys(result.metafile.outputs)) {
		if (file.endsWith('.js') && (await readFile(path.join(root, file), 'utf8')).includes('scan-worker.js')) {
			workerUsers.push(file);
		}
	}

	for (const file of workerUsers) {
		if (path.dirname(file) !== 'dist') {
			throw new Error(`${file} starts the scan worker but is not in dist/, where scan-worker.js is.`);
		}
	}

	await mkdir(dist, {recursive: true});
	await writeFile(stamp, `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	if (!process.argv.includes('--if-stale') || await isStale()) {
		await build();
	}
}
