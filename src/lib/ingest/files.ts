/**
 * Finding report files under a folder: every file with an extension the parser reads, in a
 * stable order, without loading anything.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { READABLE_EXTENSIONS, extensionOf } from './readers/index.js';

/** Files that are documentation beside the reports, not reports. */
const NOT_REPORTS = /^(readme|manifest|license)\b/i;

export async function* reportFiles(root: string): AsyncGenerator<string> {
	let entries;
	try {
		entries = await readdir(root, { withFileTypes: true });
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') {
			yield root;
			return;
		}
		throw e;
	}
	entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	for (const e of entries) {
		if (e.name.startsWith('.')) continue;
		const p = path.join(root, e.name);
		if (e.isDirectory()) yield* reportFiles(p);
		else if (e.isFile() && !NOT_REPORTS.test(e.name) && (READABLE_EXTENSIONS.includes(extensionOf(e.name)) || isCandidate(e.name))) yield p;
	}
}

/** Files that look like reports in a format not (yet) read: listed so that they are rejected visibly. */
function isCandidate(name: string): boolean {
	return /\.(pdf|doc|wps|xls|xlsx|rtf|odt)$/i.test(name);
}
