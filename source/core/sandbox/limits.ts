/**
 * Bounds that keep the server's memory and file descriptors finite whatever clients do.
 * Per-connection channels match production (10). Queues first push back (the server stops
 * reading, so the client's SSH window closes: at most one more window, 2 MiB, arrives);
 * only a client that ignores that is disconnected at the hard bounds.
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
	/**
	 * Queued requests (received, not yet answered) in one session at which the server stops
	 * reading from it: the SSH window closes and a well-behaved client simply waits.
	 */
	pauseInputAtRequests: number;
	/** Bytes held by one session's queue (WRITE data mostly) at which reading stops. */
	pauseInputAtBytes: number;
	/** Bytes queued over the whole server at which every session stops reading. */
	pauseInputAtBytesTotal: number;
	/** Hard bound on one session's queued requests: beyond it the session is closed. */
	maxQueuedRequestsPerSession: number;
	/** Hard bound on one session's queued bytes, for clients that ignore the SSH window. */
	maxQueuedBytesPerSession: number;
	/** Hard bound on queued bytes over the whole server. */
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
	pauseInputAtRequests: 1024,
	pauseInputAtBytes: 4 * 1024 * 1024,
	pauseInputAtBytesTotal: 64 * 1024 * 1024,
	maxQueuedRequestsPerSession: 8192,
	maxQueuedBytesPerSession: 16 * 1024 * 1024,
	maxQueuedBytesTotal: 128 * 1024 * 1024,
	maxReadBytes: 64 * 1024,
	maxEntriesPerReaddir: 100,
	loginTimeoutMs: 30_000,
	idleTimeoutMs: 1_800_000,
};
