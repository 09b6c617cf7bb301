import {driveApp, type Driven} from './drive.js';
import {keySummary, makeFakeServices, type FakeServices} from './fake-services.js';

/** An app that resumes a finished profile and lands in the browser, connected. */
export async function toBrowser(options: Parameters<typeof makeFakeServices>[0] = {}, env: NodeJS.ProcessEnv = {}): Promise<{app: Driven; services: FakeServices}> {
	const services = makeFakeServices({
		profile: {mode: 'asapp', marker: 'acme', host: 'sftp.us-east-1.asapp.com', port: 22, user: 'sftpacme', keyPath: '/keys/mine', wizardStep: 'done'},
		keys: {'/keys/mine': keySummary('/keys/mine')},
		script: {hostKey: 'known'},
		...options,
	});
	const app = driveApp(services, env);
	await app.waitFor('sftpacme@sftp.us-east-1.asapp.com');
	await app.waitFor(/out\/ +files from ASAPP/);
	return {app, services};
}
