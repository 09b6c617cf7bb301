#!/usr/bin/env node
import module from 'node:module';
import process from 'node:process';
import {setTimeout} from 'node:timers';
import v8 from 'node:v8';

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
function setDataFlags() {
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
	setDataFlags();
} else if (command === undefined) {
	setTimeout(setDataFlags, 1000).unref();
}

// Node 22.1 and later keep V8's compiled code of the bundle between runs (in the OS's temp
// folder), which shortens every start after the first; Node 20 has no such cache.
module.enableCompileCache?.();
await import('../dist/cli.js');
