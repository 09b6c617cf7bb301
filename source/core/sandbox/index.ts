/** The practice server's public surface, for the CLI command and the TUI. */
export {authorizeSandboxKey} from './authorized-keys.js';
export {defaultSandboxLimits, type SandboxLimits} from './limits.js';
export {defaultSandboxPaths, type SandboxPaths} from './sandbox-paths.js';
export {sampleFileName} from './sandbox-root.js';
export {startOrJoinSandbox, type PracticeServer} from './start-or-join-sandbox.js';
export {defaultSandboxPort, sandboxHost, startSandbox, type SandboxServer, type SandboxStats, type StartSandboxOptions} from './start-sandbox.js';
