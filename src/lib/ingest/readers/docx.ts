/**
 * Word documents (.docx): paragraphs and tables of word/document.xml in document order.
 * Text split across runs is joined; gridSpan gives a cell's column span; a vMerge
 * continuation is an empty cell marked `continued` (its text stands in the cell above).
 * Deleted text (w:delText) and the fallback copies of text boxes (mc:Fallback) are not read.
 */
import { ParseError, type Block, type Cell, type Document } from '../document.js';
import { Budget } from '../bounds.js';
import { ZipTooLarge, zipEntry } from './zip.js';

export function readDocx(bytes: Uint8Array, file: string, budget = new Budget(file)): Document {
	if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
		throw new ParseError(file, '不是有效的 Word 文档：不是 zip 格式（not a .docx: not a zip archive）');
	}
	// Expanded under the bound whatever the archive claims (a zip bomb, a size that lies).
	let xml: Uint8Array | null;
	try {
		xml = zipEntry(bytes, 'word/document.xml', budget.bounds.partBytes, () => budget.tick());
	} catch (e) {
		if (e instanceof ZipTooLarge) budget.partBytes(e.seen, 'Word 文档正文（word/document.xml）');
		if (e instanceof ParseError) throw e;
		throw new ParseError(file, `Word 文档已损坏，无法解压（corrupt .docx: ${(e as Error).message}）`);
	}
	if (!xml) throw new ParseError(file, 'Word 文档缺少正文 word/document.xml（corrupt .docx）');
	const doc = parseDocumentXml(new TextDecoder('utf-8').decode(xml), budget);
	return doc;
}

const TOKEN = /<(\/?)([\w:]+)([^>]*?)(\/?)>|([^<]+)/g;

interface TableState {
	rows: Cell[][];
	row: Cell[] | null;
	cell: Cell | null;
}

export function parseDocumentXml(xml: string, budget = new Budget('document.xml')): Document {
	const blocks: Block[] = [];
	const tables: TableState[] = [];
	let text: string[] | null = null; // the paragraph being read
	let inText = false; // inside <w:t>
	let skipDepth = 0; // inside mc:Fallback or w:del
	let paragraphInCell = false;
	let inProperties = false; // inside w:pPr, whose w:tab elements are tab stops, not text

	TOKEN.lastIndex = 0;
	for (let m = TOKEN.exec(xml); m; m = TOKEN.exec(xml)) {
		budget.tick();
		const [, close, name, attrs, selfClose, chars] = m;
		if (chars !== undefined) {
			if (inText && !skipDepth && text) {
				const t = decodeXml(chars);
				budget.text(t.length);
				text.push(t);
			}
			continue;
		}
		if (name === 'mc:Fallback' || name === 'w:del') {
			if (!selfClose) skipDepth += close ? -1 : 1;
			continue;
		}
		if (skipDepth) continue;
		const table = tables[tables.length - 1];
		switch (name) {
			case 'w:t':
				inText = !close && !selfClose;
				break;
			case 'w:pPr':
				if (!selfClose) inProperties = !close;
				break;
			case 'w:tab':
				if (!close && text && !inProperties) text.push('\t');
				break;
			case 'w:noBreakHyphen':
				// A hyphen Word will not break a line at (12‑3): text, not markup.
				if (!close && text && !inProperties) text.push('\u2011');
				break;
			case 'w:br':
			case 'w:cr':
				if (!close && text) text.push('\n');
				break;
			case 'w:p':
				if (selfClose) {
					if (table?.cell) paragraphInCell = true;
					break;
				}
				if (!close) text = [];
				else if (text) {
					const t = text.join('');
					if (table?.cell) {
						table.cell.text += (paragraphInCell ? '\n' : '') + t;
						paragraphInCell = true;
					} else if (t.trim()) blocks.push({ kind: 'paragraph', text: t.trim() });
					text = null;
				}
				break;
			case 'w:tbl':
				if (!close) {
					budget.table();
					tables.push({ rows: [], row: null, cell: null });
				} else {
					const done = tables.pop();
					if (!done) break;
					const outer = tables[tables.length - 1];
					if (outer?.cell) {
						// A table inside a cell: its text joins the cell, row by row.
						outer.cell.text += done.rows.map((r) => r.map((c) => c.text).join(' ')).join('\n');
					} else if (done.rows.length) blocks.push({ kind: 'table', rows: done.rows });
				}
				break;
			case 'w:tr':
				if (!table) break;
				if (!close) table.row = [];
				else if (table.row) {
					table.rows.push(table.row);
					table.row = null;
				}
				break;
			case 'w:tc':
				if (!table) break;
				if (!close) {
					budget.cells();
					table.cell = { text: '', rowSpan: 1, colSpan: 1 };
					paragraphInCell = false;
				} else if (table.cell) {
					table.cell.text = table.cell.text.trim();
					table.row?.push(table.cell);
					table.cell = null;
				}
				break;
			case 'w:gridSpan':
				if (table?.cell) table.cell.colSpan = Math.min(1000, Math.max(1, Number(/w:val="(\d+)"/.exec(attrs)?.[1] ?? 1)));
				break;
			case 'w:vMerge':
				// <w:vMerge/> or w:val="continue" continues the cell above; "restart" begins one.
				if (table?.cell && !/w:val="restart"/.test(attrs)) table.cell.continued = true;
				break;
		}
	}
	return { blocks };
}

function decodeXml(s: string): string {
	if (!s.includes('&')) return s;
	return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
		if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
		return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()];
	});
}
