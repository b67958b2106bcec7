/**
 * Writes a Document as Word's "text only" export does: a paragraph a line, a table cell a line
 * with a leading tab (its further lines without), a blank line after each table row.
 * With `tabSeparated`, each table row is one line of tab-separated cells instead.
 */
import type { Document } from '../../ingest/document.js';

export function writeText(doc: Document, opts: { tabSeparated?: boolean } = {}): string {
	const out: string[] = [];
	for (const b of doc.blocks) {
		if (b.kind === 'paragraph') {
			out.push(b.text);
			continue;
		}
		for (const row of b.rows) {
			if (opts.tabSeparated) out.push(row.map((c) => c.text.replace(/\n/g, '')).join('\t'));
			else {
				for (const c of row) out.push('\t' + c.text);
				out.push('');
			}
		}
		out.push('');
	}
	return out.join('\n') + '\n';
}
