import type {FileEntry, PlannedTransfer, RefusedName, TargetState, TransferFileRequest} from '../services.js';

export type PaneSide = 'local' | 'remote';

/**
 * One side of the browser as actions see it (termscp's HostBridge idea): the local disk
 * and the server look the same, so an action works on "this pane" and "the other pane"
 * and never asks which side it is on.
 */
export type Pane = {
	readonly side: PaneSide;
	/** "Local" or "Remote", for titles and messages. */
	readonly title: string;
	/** Where the pane starts. */
	home(): Promise<string>;
	/** A folder's entries; names that cannot be used safely are left out and listed. */
	list(folder: string): Promise<{entries: FileEntry[]; refused: RefusedName[]}>;
	/** The path of `name` inside `folder` (a name may be a relative or absolute path). */
	enter(folder: string, name: string): string;
	/** The folder above, or the same folder at the top. */
	up(folder: string): string;
	/** The last part of a path. */
	nameOf(target: string): string;
	mkdir(target: string): Promise<void>;
	/** Removes a file, or an empty folder: never a tree. */
	remove(target: string, kind: 'file' | 'directory'): Promise<void>;
	/** What is at each target of a transfer into this pane, before anything moves. */
	checkTargets(files: TransferFileRequest[], folders: string[]): Promise<TargetState[]>;
	/** Plans sending paths of this pane into `toFolder` of the other pane, by the core's rules. */
	planSend(paths: string[], toFolder: string, options: {recursive: boolean; rename?: string}): Promise<PlannedTransfer>;
	/** What sending from this pane is: files leave this machine (upload) or arrive (download). */
	readonly sends: 'upload' | 'download';
	/** Whether the files are on this machine, where they can be checked before upload. */
	readonly checkable: boolean;
};
