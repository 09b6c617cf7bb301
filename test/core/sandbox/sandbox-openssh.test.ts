import {describe} from 'node:test';
import {openSshDriver} from '../../helpers/sftp-drivers.js';
import {describeClientScenarios} from './client-scenarios.js';

describe('practice server driven by OpenSSH sftp', () => {
	describeClientScenarios(openSshDriver);
});
