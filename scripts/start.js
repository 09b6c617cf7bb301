// `npm start`: rebuilds dist/ only when a source file changed since the last build (a walk
// of file times, a few milliseconds), then runs the app in this same process.
import {build, isStale} from './build.js';

if (await isStale()) {
	await build();
}

await import('../bin/asapp-sftp.js');
