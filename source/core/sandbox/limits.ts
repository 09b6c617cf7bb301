/**
 * Bounds that keep the server's memory and file descriptors finite whatever clients do.
 * Per-connection channels match production (10); the rest are sized so that ten busy
 * clients fit comfortably and one flooding client is cut off long before it matters.
 */
export type SandboxLimits = {
	/** Open TCP connections; more are dropped at once. */
	maxConnections: number;
	/** SFTP sessions (channels) on one connection, as on AWS Transfer Family. */
	maxSessionsPerConnection: number;
	/** Open file and folder handles in one session. */
	maxHandlesPerSession: number;
	/** Open handles over the whole server (file descriptors are a shared resource). */
	maxHandlesTotal: number;
	/** Requests received and not yet answered in one session; beyond it the session is closed. */
	maxQueuedRequestsPerSession: number;
	/** Bytes held by those requests (WRITE data mostly); beyond it the session is closed. */
	maxQueuedBytesPerSession: number;
	/** Bytes held by queued requests over the whole server. */
	maxQueuedBytesTotal: number;
	/** Largest READ answered; longer reads get a short answer, which SFTP allows. */
	maxReadBytes: number;
	/** Folder entries per READDIR answer. */
	maxEntriesPerReaddir: number;
	/** A connection must finish logging in within this time. */
	loginTimeoutMs: number;
	/** A connection with no SFTP request for this long is closed (production: 1800 s). */
	idleTimeoutMs: number;
};

export const defaultSandboxLimits: SandboxLimits = {
	maxConnections: 32,
	maxSessionsPerConnection: 10,
	maxHandlesPerSession: 100,
	maxHandlesTotal: 512,
	maxQueuedRequestsPerSession: 256,
	maxQueuedBytesPerSession: 16 * 1024 * 1024,
	maxQueuedBytesTotal: 96 * 1024 * 1024,
	maxReadBytes: 64 * 1024,
	maxEntriesPerReaddir: 100,
	loginTimeoutMs: 30_000,
	idleTimeoutMs: 1_800_000,
};
