/**
 * Writes a Document as an HTML article page, tables with their rowspan/colspan.
 */
import type { Cell, Document } from '../../ingest/document.js';

export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function td(c: Cell): string {
	const span = (c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : '') + (c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '');
	return `<td${span}>${c.text
		.split('\n')
		.map((l) => `<p>${escapeHtml(l)}</p>`)
		.join('')}</td>`;
}

export function writeHtml(doc: Document, opts: { title?: string; charset?: string } = {}): string {
	const body = doc.blocks
		.map((b) =>
			b.kind === 'paragraph'
				? `<p>${escapeHtml(b.text)}</p>`
				: `<table border="1"><tbody>${b.rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('\n')}</tbody></table>`
		)
		.join('\n');
	const title = opts.title ? `<title>${escapeHtml(opts.title)}</title>` : '';
	return `<!doctype html>\n<html lang="zh-CN"><head><meta charset="${opts.charset ?? 'utf-8'}">${title}</head>\n<body><div class="article">\n${body}\n</div></body></html>\n`;
}
