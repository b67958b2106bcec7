/**
 * Writes a Document as a minimal but valid .docx (WordprocessingML in a zip): paragraphs, and
 * tables whose merged cells use gridSpan and vMerge as Word writes them.
 */
import { zipSync, strToU8 } from 'fflate';
import type { Cell, Document } from '../../ingest/document.js';

const FIXED_TIME = new Date('2000-01-01T00:00:00Z');

function esc(s: string): string {
	return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A paragraph; `runs` splits the text into several runs, as Word often does. */
function para(text: string, runs = 1): string {
	const size = Math.max(1, Math.ceil(text.length / runs));
	const parts: string[] = [];
	for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
	return `<w:p>${parts.map((t) => `<w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r>`).join('')}</w:p>`;
}

function tc(c: Cell | null, colSpan: number, restart: boolean, runs: number): string {
	const props = (colSpan > 1 ? `<w:gridSpan w:val="${colSpan}"/>` : '') + (c === null ? '<w:vMerge/>' : restart ? '<w:vMerge w:val="restart"/>' : '');
	const body =
		c === null
			? '<w:p/>'
			: c.text
					.split('\n')
					.map((l) => para(l, runs))
					.join('') || '<w:p/>';
	return `<w:tc><w:tcPr>${props}</w:tcPr>${body}</w:tc>`;
}

function table(rows: Cell[][], runs: number): string {
	// Place cells on the grid to know where a rowspan from above continues.
	const pending: { col: number; left: number; colSpan: number }[] = [];
	const out: string[] = [];
	let width = 0;
	for (const row of rows) {
		const cells: string[] = [];
		let col = 0;
		let i = 0;
		const take = () => {
			const p = pending.find((x) => x.col === col && x.left > 0);
			if (!p) return false;
			cells.push(tc(null, p.colSpan, false, runs));
			p.left--;
			col += p.colSpan;
			return true;
		};
		while (i < row.length || pending.some((p) => p.col >= col && p.left > 0)) {
			if (take()) continue;
			if (i >= row.length) break;
			const c = row[i++];
			cells.push(tc(c, c.colSpan, c.rowSpan > 1, runs));
			if (c.rowSpan > 1) pending.push({ col, left: c.rowSpan - 1, colSpan: c.colSpan });
			col += c.colSpan;
		}
		width = Math.max(width, col);
		out.push(`<w:tr>${cells.join('')}</w:tr>`);
	}
	const grid = Array.from({ length: width }, () => '<w:gridCol w:w="900"/>').join('');
	return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${out.join('')}</w:tbl>`;
}

export function writeDocx(doc: Document, opts: { runs?: number } = {}): Uint8Array {
	const runs = opts.runs ?? 1;
	const body = doc.blocks.map((b) => (b.kind === 'paragraph' ? para(b.text, runs) : table(b.rows, runs))).join('');
	const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`;
	// A fixed timestamp: the same document gives the same bytes (zip entries carry a time).
	return zipSync(
		{
			'[Content_Types].xml': strToU8(
				'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
			),
			'_rels/.rels': strToU8(
				'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
			),
			'word/document.xml': strToU8(xml)
		},
		{ mtime: FIXED_TIME }
	);
}
