#!/usr/bin/env node
import module from 'node:module';
import path from 'node:path';

// process and setTimeout are Node's globals here, and node:v8 loads only when a flag is
// set: on Node 24 importing node:process or node:v8 as an ES module costs every start some
// 3 to 5 ms (the module's facade reads each export, which loads streams, fs/promises,
// readline and more), a tenth of what --help may take.

// Two V8 flags for the commands that move data; both measured on this project's 2-core
// machine (user CPU, alternating runs, loopback sshd).
// --no-incremental-marking: ssh2 allocates a fresh buffer for every SSH packet (32 KiB at
// most), about 1 GiB of short-lived external memory per 512 MiB sent or received. That
// pressure keeps starting V8's incremental marking, whose steps and finalisation cost more
// than the atomic collections of this small heap: 512 MiB upload 1.0 -> 0.65 s, download
// 1.05 -> 0.6 s; validating a 96 MB CSV unchanged.
// --interrupt-budget: optimise only functions that run a lot. A command lives about a
// second and its bytes are moved by native code (copies, AES-GCM, the kernel), so TurboFan
// compiling every warm function cost more than it saved: put -r of 2000 small files
// 0.65 -> 0.49 s; big transfers and the validator's hot loops unchanged.
// V8 prints "unrecognized flag" on stderr for a flag it lacks, so each is set only on the
// V8 versions it was checked on (`node --v8-options`): V8 12 (Node 22) replaced the
// interrupt budget by invocation counts (Maglev); a newer V8 gets neither until checked.
// Setting a flag also costs every start about 10 ms of CPU (measured on --help, Node 20
// and 24; most likely V8 then refuses the compiled code Node keeps for its own modules,
// which is tied to the flags): the other commands get no flags, and the app gets them a
// second after its start, once its first frame is drawn and before a transfer can begin.
async function setDataFlags() {
	const {default: v8} = await import('node:v8');
	const v8Major = Number(process.versions.v8.split('.')[0]);
	if (v8Major >= 11 && v8Major <= 13) {
		v8.setFlagsFromString('--no-incremental-marking');
	}

	if (v8Major === 11) {
		v8.setFlagsFromString('--interrupt-budget=1000000');
	}
}

const command = process.argv[2];
if (command === 'put' || command === 'get') {
	await setDataFlags();
} else if (command === undefined || command.startsWith('-')) {
	// The app, with or without its server flags (--help and --version end long before).
	globalThis.setTimeout(() => {
		void setDataFlags();
	}, 1000).unref();
}

/**
 * The user's cache folder for this tool: $XDG_CACHE_HOME or ~/.cache, ~/Library/Caches on
 * macOS, %LOCALAPPDATA% on Windows. Undefined without a home: Node then uses its default
 * (the OS's temp folder).
 */
function cacheDirectory() {
	const {env, platform} = process;
	const home = env.HOME || env.USERPROFILE;
	let base = env.XDG_CACHE_HOME;
	if (!base && platform === 'win32') {
		base = env.LOCALAPPDATA;
	}

	if (!base && home) {
		base = platform === 'darwin' ? path.join(home, 'Library', 'Caches') : path.join(home, '.cache');
	}

	return base ? path.join(base, 'asapp-sftp', 'compile-cache') : undefined;
}

// Node 22.1 and later keep V8's compiled code of the bundle between runs, which shortens
// every start after the first; Node 20 has no such cache. A folder that cannot be created
// or written only costs the cache (Node reports it in the returned status, it does not
// throw), and NODE_COMPILE_CACHE or NODE_DISABLE_COMPILE_CACHE set by the user win.
try {
	module.enableCompileCache?.(cacheDirectory());
} catch {
	// Never a reason not to start.
}

await import('../dist/cli.js');
