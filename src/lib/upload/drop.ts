/**
 * Files dropped on the upload page: plain files, and whole folders walked through the browser's
 * FileSystem entries (webkitGetAsEntry), each file named by its path inside what was dropped.
 * The walk stops past `limit` files (the server refuses more anyway); hidden files are left out.
 */

/** The parts of the browser's FileSystemEntry the walk uses (so that it can be tested without a browser). */
export type EntryLike =
	| { isFile: true; isDirectory: false; name: string; fullPath: string; file(ok: (f: File) => void, fail: (e: unknown) => void): void }
	| {
			isFile: false;
			isDirectory: true;
			name: string;
			fullPath: string;
			createReader(): { readEntries(ok: (es: EntryLike[]) => void, fail: (e: unknown) => void): void };
	  };

export interface Picked {
	file: File;
	/** Its path inside what was dropped or picked: `年报/2024/a.txt`, or the file's name. */
	name: string;
}

const fileOf = (e: Extract<EntryLike, { isFile: true }>) => new Promise<File>((ok, fail) => e.file(ok, fail));

/** A folder's entries: readEntries gives them a batch at a time, until an empty batch. */
async function entriesOf(e: Extract<EntryLike, { isDirectory: true }>): Promise<EntryLike[]> {
	const reader = e.createReader();
	const all: EntryLike[] = [];
	for (;;) {
		const batch = await new Promise<EntryLike[]>((ok, fail) => reader.readEntries(ok, fail));
		if (!batch.length) return all;
		all.push(...batch);
	}
}

export async function filesOfEntries(entries: EntryLike[], limit: number): Promise<Picked[]> {
	const out: Picked[] = [];
	const walk = async (e: EntryLike) => {
		if (out.length > limit || e.name.startsWith('.')) return;
		if (e.isFile) out.push({ file: await fileOf(e), name: e.fullPath.replace(/^\/+/, '') || e.name });
		else for (const child of (await entriesOf(e)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) await walk(child);
	};
	for (const e of entries) await walk(e);
	return out;
}

/**
 * What a drop carries. The entries must be taken while the drop event runs (the browser empties
 * its DataTransfer after): call this from the handler, and await it after.
 */
export function droppedFiles(dt: DataTransfer, limit: number): Promise<Picked[]> {
	const entries = [...dt.items]
		.filter((i) => i.kind === 'file')
		.map((i) => i.webkitGetAsEntry?.() as EntryLike | null)
		.filter((e): e is EntryLike => !!e);
	const files = [...dt.files];
	if (entries.length) return filesOfEntries(entries, limit);
	return Promise.resolve(files.filter((f) => !f.name.startsWith('.')).map((file) => ({ file, name: file.name })));
}
