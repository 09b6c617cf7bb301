import {benchKeygen} from './keygen.js';
import {benchHelp, benchTuiFirstFrame} from './tui-first-frame.js';
import {benchValidate} from './validate.js';
import {benchConvert} from './convert.js';
import {benchTransfer} from './transfer.js';
import {benchSandbox} from './sandbox.js';
import {benchWan} from './wan.js';
import {benchAppUpload} from './app-upload.js';
import {benchManyFiles} from './many-files.js';

/**
 * `npm run bench` runs every benchmark; `npm run bench -- keygen` runs the named ones.
 * Each prints our figures beside the peer's from the same run. Not part of `npm test`.
 */
const benchmarks: Record<string, () => Promise<string>> = {
	keygen: benchKeygen,
	tui: benchTuiFirstFrame,
	help: benchHelp,
	validate: benchValidate,
	convert: benchConvert,
	transfer: benchTransfer,
	sandbox: benchSandbox,
	wan: benchWan,
	'app-upload': benchAppUpload,
	many: benchManyFiles,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter(name => !(name in benchmarks));
if (unknown.length > 0) {
	console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${Object.keys(benchmarks).join(', ')}`);
	process.exit(2);
}

for (const name of wanted.length > 0 ? wanted : Object.keys(benchmarks)) {
	console.log(await benchmarks[name]!());
	console.log('');
}
