/**
 * Every error code the core raises, in one union: a face (CLI or app) switches on these,
 * never on message text. Add a code here when a new failure gets its own message.
 */
export type ErrorCode =
	// Connecting
	| 'dns-failed' | 'connection-refused' | 'network-unreachable' | 'connection-timeout' | 'connection-lost'
	| 'connection-failed' | 'connect-failed' | 'ssh-handshake-failed' | 'no-banner' | 'bad-banner' | 'sftp-unavailable'
	| 'auth-refused' | 'host-key-unknown' | 'host-key-changed' | 'known-hosts-failed'
	// Keys
	| 'key-missing' | 'key-unreadable' | 'key-unusable' | 'key-is-public' | 'key-passphrase-needed' | 'key-passphrase-wrong'
	| 'public-key-unreadable' | 'identity-unreadable' | 'no-identity' | 'passphrase-mismatch' | 'passphrase-file-unreadable'
	| 'marker-empty' | 'marker-invalid'
	// Files, local and remote
	| 'file-exists' | 'already-exists' | 'file-unreadable' | 'format-unsupported' | 'is-a-directory' | 'not-a-file' | 'symlink-loop'
	| 'unsafe-remote-name' | 'unsafe-local-name' | 'local-unreadable' | 'local-no-such-file' | 'local-permission-denied' | 'local-disk-full'
	| 'local-io-failed' | 'local-mkdir-failed' | 'local-changed' | 'remote-changed'
	| 'no-such-file' | 'permission-denied' | 'unsupported' | 'disk-full' | 'sftp-failed'
	| 'remote-file-exists' | 'duplicate-remote-name' | 'is-a-folder' | 'not-a-folder' | 'folder-not-empty' | 'remove-failed'
	// Transfers and validation
	| 'transfer-failed' | 'size-mismatch' | 'validation-failed' | 'cancelled'
	| 'output-unwritable' | 'output-same-as-input' | 'conversion-refused' | 'agent-unavailable'
	// State and the practice server
	| 'profile-unreadable' | 'sandbox-port-in-use' | 'sandbox-port-denied' | 'sandbox-key-unreadable' | 'sandbox-host-key-unreadable';

/**
 * What a person can do next, as data: the CLI words it as its flags, the app as its own
 * keys and screens. An error without one says what to do in its hint alone.
 */
export type NextAction =
	/** Trust a server key seen for the first time (after comparing its fingerprint). */
	| {kind: 'accept-host-key'}
	/** Something already has this name: pick another path, or agree to replace it. */
	| {kind: 'choose-other-path'; path: string}
	/** A file could not be matched to one of ASAPP's tables: say which one it is. */
	| {kind: 'choose-schema'}
	/** The detail a person or support needs is in the protocol log. */
	| {kind: 'show-log'}
	/** Check the server address and port. */
	| {kind: 'check-address'; host: string; port: number}
	/** Use another private key. */
	| {kind: 'choose-key'}
	/** Use another known_hosts file. */
	| {kind: 'choose-known-hosts'}
	/** The practice server's port is taken or not allowed: use another. */
	| {kind: 'choose-port'; suggested: number}
	/** A local file is in the way of a download: agree to replace it, or save elsewhere. */
	| {kind: 'allow-replace'; path: string}
	/** A local target folder is full: download into another folder. */
	| {kind: 'choose-other-folder'};

export type NextActionKind = NextAction['kind'];
