/**
 * Word 97–2003 documents (.doc) and WPS Office documents (.wps, the same binary format):
 * paragraphs and tables in document order. Cell marks (0x07) end cells; the 0x07 of a row-end
 * paragraph ends the row, whose cell edges give each cell's column span against the table's
 * columns, and whose vertical merges mark continued cells (as the .docx reader does).
 *
 * Files named .doc that are really something else, as sites publish them: a .docx (zip) is
 * read as .docx, an HTML page saved as .doc as HTML; RTF is refused with that reason.
 */
import { ParseError, type Block, type Cell, type Document } from '../document.js';
import { readDocx } from './docx.js';
import { readHtml } from './html.js';
import { Budget } from '../bounds.js';
import { isCompoundFile, readWord97, Word97Error, type Mark, type Token } from './word97.js';

/** Cell edges closer than this (twips, 1/1440 inch; ≈ 0.35 mm) are one column boundary. */
const EDGE_TOLERANCE = 20;

export function readDoc(bytes: Uint8Array, file: string, budget = new Budget(file)): Document {
	if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readDocx(bytes, file, budget);
	if (!isCompoundFile(bytes)) {
		const head = new TextDecoder('latin1')
			.decode(bytes.subarray(0, 1024))
			.replace(/^\ufeff|^\xef\xbb\xbf/, '')
			.trimStart();
		if (head.startsWith('{\\rtf')) {
			throw new ParseError(file, '文件实为 RTF 格式，暂不支持（RTF saved as .doc: unsupported）', 'unsupported_type');
		}
		if (/^<|<html|<body|<table/i.test(head)) return readHtml(bytes, file, budget);
		throw new ParseError(file, 'Word 文档已损坏或不是 Word 格式（not a Word 97–2003 file）');
	}
	let tokens: Token[];
	try {
		// Marks (paragraph, cell, row ends) and field instructions are characters too: twice the text's bound.
		tokens = readWord97(bytes, 2 * budget.bounds.textChars);
	} catch (e) {
		if (e instanceof Word97Error && e.kind === 'too_large')
			throw new ParseError(file, `文字过多（超过 ${budget.bounds.textChars.toLocaleString('en')} 字：${e.message}）`, 'too_large');
		if (e instanceof Word97Error && e.kind === 'encrypted') throw new ParseError(file, 'Word 文档已加密，无法读取（encrypted .doc）', 'encrypted');
		if (e instanceof Word97Error && e.kind === 'old_word') throw new ParseError(file, `Word 95 或更早版本的文档，暂不支持（${e.message}）`, 'unsupported_type');
		if (e instanceof Word97Error && e.kind === 'not_word') throw new ParseError(file, `不是 Word 文档（not a Word 97–2003 file: ${e.message}）`);
		throw new ParseError(file, `Word 文档已损坏，无法读取（broken .doc: ${(e as Error).message}）`);
	}
	return documentOf(tokens, budget);
}

/** Tokens to blocks: paragraphs outside tables, cells and rows inside. */
export function documentOf(tokens: Token[], budget = new Budget('document')): Document {
	const blocks: Block[] = [];
	let rows: { cells: Cell[]; mark: Mark }[] = [];
	let cells: Cell[] = [];
	let parts: string[] = []; // the paragraphs of the cell being read
	let text = '';
	const endTable = () => {
		if (cells.length) rows.push({ cells, mark: { kind: 'row' } }); // a row left without its end mark
		if (rows.length) blocks.push({ kind: 'table', rows: spans(rows) });
		rows = [];
		cells = [];
	};
	for (const t of tokens) {
		budget.tick();
		if ('text' in t) {
			budget.text(t.text.length);
			text += t.text;
			continue;
		}
		const m = t.mark;
		if (m.kind === 'paragraph' && m.inTable) {
			parts.push(text);
		} else if (m.kind === 'paragraph') {
			endTable();
			if (text.trim()) blocks.push({ kind: 'paragraph', text: text.trim() });
		} else if (m.kind === 'cell') {
			parts.push(text);
			// A cell's paragraphs are its lines; spaces before a paragraph mark are not seen.
			cells.push({
				text: parts
					.map((p) => p.trimEnd())
					.join('\n')
					.trim(),
				rowSpan: 1,
				colSpan: 1
			});
			parts = [];
		} else {
			rows.push({ cells, mark: m });
			cells = [];
			parts = [];
		}
		text = '';
	}
	endTable();
	if (text.trim()) blocks.push({ kind: 'paragraph', text: text.trim() });
	return { blocks };
}

/** Column spans from the rows' cell edges, against the columns of the whole table; continued cells marked. */
function spans(rows: { cells: Cell[]; mark: Mark }[]): Cell[][] {
	const grid: number[] = [];
	for (const r of rows) {
		for (const e of r.mark.edges ?? []) if (!grid.some((g) => Math.abs(g - e) <= EDGE_TOLERANCE)) grid.push(e);
	}
	grid.sort((a, b) => a - b);
	return rows.map(({ cells, mark }) => {
		const edges = mark.edges;
		cells.forEach((c, i) => {
			if (mark.continued?.includes(i)) c.continued = true;
			if (edges && edges.length === cells.length + 1) {
				const inside = grid.filter((g) => g > edges[i] + EDGE_TOLERANCE && g < edges[i + 1] - EDGE_TOLERANCE).length;
				c.colSpan = inside + 1;
			}
		});
		// A cell merged into the one on its left widens it (its own text, if any, joins it).
		const out: Cell[] = [];
		cells.forEach((c, i) => {
			const left = out[out.length - 1];
			if (left && mark.merged?.includes(i)) {
				left.colSpan += c.colSpan;
				if (c.text) left.text = left.text ? `${left.text}\n${c.text}` : c.text;
			} else out.push(c);
		});
		return out;
	});
}
