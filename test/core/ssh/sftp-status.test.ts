import assert from 'node:assert/strict';
import {test} from 'node:test';
import ssh2 from 'ssh2';
import {sftpStatus} from '../../../source/core/ssh/sftp-status.js';

test('our table of SFTP status codes is ssh2\'s, name for name and value for value', () => {
	assert.deepEqual({...sftpStatus}, {...ssh2.utils.sftp.STATUS_CODE});
});
