import {describe} from 'node:test';
import {commands} from '../../source/commands/index.js';
import {describeClientScenarios} from '../core/sandbox/client-scenarios.js';
import {ourCliDriver} from '../helpers/sftp-drivers.js';

// The practice server must serve our own client unchanged: the same scenarios as with
// OpenSSH's sftp, driven through the built CLI. They need the transfer commands.
const missing = ['ls', 'put', 'get', 'mkdir', 'rm', 'rmdir'].filter(name => !commands.some(command => command.name === name));

describe('practice server driven by our own CLI (ls, put, get, mkdir, rm, rmdir)', {skip: missing.length > 0 ? `commands not built yet: ${missing.join(', ')}` : false}, () => {
	describeClientScenarios(ourCliDriver);
});
