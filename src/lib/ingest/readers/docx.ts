/**
 * Word documents (.docx): paragraphs and tables of word/document.xml in document order.
 * Text split across runs is joined; gridSpan gives a cell's column span; a vMerge
 * continuation is an empty cell marked `continued` (its text stands in the cell above).
 * Deleted text (w:delText) and the fallback copies of text boxes (mc:Fallback) are not read.
 */
import { unzipSync } from 'fflate';
import { ParseError, type Block, type Cell, type Document, type Published } from '../document.js';
import { isoDate } from '../published.js';

/** word/document.xml larger than this is not a report (a zip bomb, or a document of images). */
const MAX_XML_BYTES = 64 * 1024 * 1024;

export function readDocx(bytes: Uint8Array, file: string): Document {
	if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
		throw new ParseError(file, '不是有效的 Word 文档：不是 zip 格式（not a .docx: not a zip archive）');
	}
	let entries: Record<string, Uint8Array>;
	let tooLarge = false;
	try {
		entries = unzipSync(bytes, {
			filter: (f) => {
				if (f.name === 'docProps/core.xml') return f.originalSize < 1 << 20;
				if (f.name !== 'word/document.xml') return false;
				if (f.originalSize > MAX_XML_BYTES) {
					tooLarge = true;
					return false;
				}
				return true;
			}
		});
	} catch (e) {
		throw new ParseError(file, `Word 文档已损坏，无法解压（corrupt .docx: ${(e as Error).message}）`);
	}
	if (tooLarge) throw new ParseError(file, 'Word 文档正文过大（document.xml larger than 64 MB）', 'too_large');
	const xml = entries['word/document.xml'];
	if (!xml) throw new ParseError(file, 'Word 文档缺少正文 word/document.xml（corrupt .docx）');
	const doc = parseDocumentXml(new TextDecoder('utf-8').decode(xml));
	return { ...doc, published: createdOf(entries['docProps/core.xml']) };
}

/** The Word file's creation date (docProps/core.xml dcterms:created), as when the report was made. */
function createdOf(core: Uint8Array | undefined): Published | undefined {
	const m = core && /<dcterms:created[^>]*>([^<]+)<\/dcterms:created>/.exec(new TextDecoder('utf-8').decode(core));
	const date = m ? isoDate(m[1]) : null;
	return date ? { date, source: 'Word 文件创建日期' } : undefined;
}

const TOKEN = /<(\/?)([\w:]+)([^>]*?)(\/?)>|([^<]+)/g;

interface TableState {
	rows: Cell[][];
	row: Cell[] | null;
	cell: Cell | null;
}

export function parseDocumentXml(xml: string): Document {
	const blocks: Block[] = [];
	const tables: TableState[] = [];
	let text: string[] | null = null; // the paragraph being read
	let inText = false; // inside <w:t>
	let skipDepth = 0; // inside mc:Fallback or w:del
	let paragraphInCell = false;
	let inProperties = false; // inside w:pPr, whose w:tab elements are tab stops, not text

	TOKEN.lastIndex = 0;
	for (let m = TOKEN.exec(xml); m; m = TOKEN.exec(xml)) {
		const [, close, name, attrs, selfClose, chars] = m;
		if (chars !== undefined) {
			if (inText && !skipDepth && text) text.push(decodeXml(chars));
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
				if (!close) tables.push({ rows: [], row: null, cell: null });
				else {
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
					table.cell = { text: '', rowSpan: 1, colSpan: 1 };
					paragraphInCell = false;
				} else if (table.cell) {
					table.cell.text = table.cell.text.trim();
					table.row?.push(table.cell);
					table.cell = null;
				}
				break;
			case 'w:gridSpan':
				if (table?.cell) table.cell.colSpan = Math.max(1, Number(/w:val="(\d+)"/.exec(attrs)?.[1] ?? 1));
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
