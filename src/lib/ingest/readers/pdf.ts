/**
 * PDF reports, read with PDFium (WebAssembly: no network, no external program). A PDF has no tables, only
 * text at positions; rows and columns are rebuilt from them:
 *
 * - items on one baseline form a line; a wide gap between items separates cells;
 * - a line with numbers standing apart (values) is a table row; a line of several separated
 *   labels (a header) is a row too; other lines are prose, joined into paragraphs;
 * - the pieces of a label that wraps above and below its row's values (（二）部分公开（区分处理
 *   的… / 计其他情形）) join that row, before its values;
 * - a row with fewer values than the rows around it is aligned to their columns by position, so
 *   a blank cell stays blank in its own column instead of shifting the row.
 *
 * Tables that run over a page break simply continue: recognition reads rows across blocks.
 */
import { ParseError, type Block, type Cell, type Document } from '../document.js';
import { pdfiumText, PdfiumLoadError, type PdfChar, type PdfPageText } from './pdfium.js';
import { looksLikeValue } from '../values.js';

interface Item {
	str: string;
	x: number;
	y: number;
	w: number;
	h: number;
}
interface Segment {
	text: string;
	x: number;
	end: number;
	y: number;
	h: number;
	value: boolean;
}
interface Line {
	y: number;
	h: number;
	segments: Segment[];
}

export async function readPdf(bytes: Uint8Array, file: string): Promise<Document> {
	if (!(bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46)) {
		throw new ParseError(file, '不是有效的 PDF 文件（not a PDF: no %PDF header）');
	}
	let pages: PdfPageText[];
	try {
		pages = await pdfiumText(bytes);
	} catch (e) {
		if (e instanceof PdfiumLoadError && e.failure === 'password') throw new ParseError(file, 'PDF 已加密，无法读取（encrypted PDF）', 'encrypted');
		throw new ParseError(file, `PDF 已损坏，无法读取（broken PDF: ${(e as Error).message}）`);
	}
	const blocks: Block[] = [];
	let chars = 0;
	for (const page of pages) {
		const items = runs(page.chars);
		for (const it of items) chars += it.str.replace(/\s/g, '').length;
		blocks.push(...pageBlocks(items));
	}
	if (chars < 20) throw new ParseError(file, 'PDF 没有文字层，可能是扫描件（no text layer: scanned PDF）', 'no_text_layer');
	return { blocks: mergeTables(blocks) };
}

/**
 * Spacing between characters of one run, as fractions of the font size (the thresholds pdf.js
 * uses, so that runs are those a PDF viewer shows as one piece of text).
 */
const RUN = {
	/** A gap up to this joins the next character directly. */
	noSpace: 0.102,
	/** A gap up to this joins it with one space between; a wider gap starts a new run. */
	space: 0.6,
	/** Overlap back beyond this (text drawn leftwards) starts a new run. */
	backwards: -0.2,
	/** A baseline shift beyond this starts a new run (another line, a superscript). */
	baseline: 0.25,
	/**
	 * Characters stacked one per line: the same left edge within this, and each baseline one
	 * font size (within this) below the last.
	 */
	column: 0.2
};

/**
 * Characters into runs of text: one font and size, one baseline, no wide gap. A column of
 * characters of one font stacked one per line (a label written vertically, 三、本年度办理结果
 * down a merged cell) is one run too, placed at its top character.
 */
function runs(chars: PdfChar[]): Item[] {
	const items: Item[] = [];
	type Run = Item & { font: number; size: number; vertical: boolean; lastY: number };
	let cur: Run | null = null;
	const flush = () => {
		if (cur && cur.str.trim()) items.push({ str: cur.str, x: cur.x, y: cur.y, w: cur.w, h: cur.h });
		cur = null;
	};
	for (const c of chars) {
		// PDFium's inferred spaces and line breaks carry no position: runs are cut by geometry below.
		if (c.generated || c.text === '\r' || c.text === '\n') continue;
		const h = c.size || 10;
		if (cur && c.font === cur.font && Math.abs(h - cur.size) < 0.01 * h) {
			const gap = c.x - (cur.x + cur.w);
			const drop = cur.lastY - c.y;
			const stacked = Math.abs(c.x - cur.x) < RUN.column * h && drop > (1 - RUN.column) * h && drop < (1 + RUN.column) * h;
			if (!cur.vertical && Math.abs(c.y - cur.y) <= RUN.baseline * h && gap >= RUN.backwards * h && gap <= RUN.space * h) {
				if (gap > RUN.noSpace * h && !/\s$/.test(cur.str)) cur.str += ' ';
				cur.str += c.text;
				cur.w = Math.max(cur.w, c.right - cur.x);
				continue;
			}
			if (stacked && (cur.vertical || [...cur.str].length === 1)) {
				cur.vertical = true;
				cur.str += c.text;
				cur.h += h;
				cur.w = h;
				cur.lastY = c.y;
				continue;
			}
		}
		flush();
		cur = { str: c.text, x: c.x, y: c.y, w: c.right - c.x, h, font: c.font, size: h, vertical: false, lastY: c.y };
	}
	flush();
	return items;
}

const PAGE_NUMBER = /^[-—–\s]*\d{1,3}[-—–\s]*$|^第\s*\d+\s*页/;

function pageBlocks(items: Item[]): Block[] {
	const lines = toLines(items).filter((l) => !(l.segments.length === 1 && PAGE_NUMBER.test(l.segments[0].text)));
	const isRow = lines.map((l) => l.segments.some((s) => s.value) || l.segments.length >= 2);
	const valueRows = lines.map((l, i) => (isRow[i] && l.segments.some((s) => s.value) ? i : -1)).filter((i) => i >= 0);

	// Label pieces wrapped above and below a value row join it.
	const joins = new Map<number, number>();
	lines.forEach((l, i) => {
		if (l.segments.some((s) => s.value)) return;
		let best = -1;
		let dist = Infinity;
		for (const r of valueRows) {
			const d = Math.abs(lines[r].y - l.y);
			if (d < dist) {
				dist = d;
				best = r;
			}
		}
		if (best < 0) return;
		const row = lines[best];
		const firstValue = Math.min(...row.segments.filter((s) => s.value).map((s) => s.x));
		const lineHeight = Math.max(l.h, Math.min(...row.segments.map((s) => s.h)));
		if (dist <= 2.2 * lineHeight && l.segments.every((s) => s.end <= firstValue + 1)) joins.set(i, best);
	});

	// A table's rows run on until a header row or prose: columns are aligned only within a run.
	const run: number[] = [];
	let id = 0;
	lines.forEach((l, i) => {
		const inTable = joins.has(i) || (isRow[i] && l.segments.some((s) => s.value));
		if (!inTable) id++;
		run[i] = id;
	});
	const grids = columnGrids(lines, valueRows, run);
	const blocks: Block[] = [];
	const margin = leftMargin(lines.filter((_, i) => !isRow[i] && !joins.has(i)));
	let paragraph: string[] = [];
	// The last header row emitted, to put labels stacked over several lines (商业 / 企业) back together.
	let header: { y: number; h: number; cells: { text: string; x: number; end: number }[]; row: Cell[] } | null = null;
	const flush = () => {
		if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join('') });
		paragraph = [];
	};
	const prose = lines.filter((_, i) => !isRow[i] && !joins.has(i));
	const right = Math.max(0, ...prose.map((l) => l.segments[l.segments.length - 1].end));
	/** Header labels stacked over several lines go back into the header row's cells. */
	const mergeIntoHeader = (l: Line): boolean => {
		if (!header || header.y - l.y > 1.8 * Math.max(l.h, header.h)) return false;
		for (const s of l.segments) {
			const c = header.cells.find((c) => s.x < c.end + 1 && s.end > c.x - 1);
			if (c) c.text += s.text.trim();
			else header.cells.push({ text: s.text.trim(), x: s.x, end: s.end });
		}
		header.cells.sort((a, b) => a.x - b.x);
		header.row.splice(0, header.row.length, ...header.cells.map((c) => ({ text: c.text, rowSpan: 1, colSpan: 1 })));
		header.y = l.y;
		return true;
	};
	lines.forEach((l, i) => {
		if (joins.has(i)) return;
		if (!isRow[i]) {
			if (mergeIntoHeader(l)) return;
			header = null;
			const text = l.segments.map((s) => s.text).join(' ').trim();
			const x = l.segments[0].x;
			// A line that starts at the margin continues the paragraph above; an indented one begins one.
			if (paragraph.length && !(Math.abs(x - margin) < l.h * 0.8)) flush();
			paragraph.push(text);
			// A line that stops short of the right edge ends its paragraph (a heading, a last line).
			if (l.segments[l.segments.length - 1].end < right - 2 * l.h) flush();
			return;
		}
		flush();
		const isHeader = !l.segments.some((s) => s.value);
		if (isHeader && mergeIntoHeader(l)) return;
		const pieces = [...joins.entries()].filter(([, r]) => r === i).map(([j]) => lines[j]);
		const row = rowCells(l, pieces, grids.get(i));
		header = isHeader ? { y: l.y, h: l.h, cells: l.segments.map((s) => ({ text: s.text.trim(), x: s.x, end: s.end })), row } : null;
		blocks.push({ kind: 'table', rows: [row] });
	});
	flush();
	return blocks;
}

function toLines(items: Item[]): Line[] {
	const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
	const lines: { y: number; h: number; items: Item[] }[] = [];
	for (const it of sorted) {
		const line = lines.find((l) => Math.abs(l.y - it.y) <= Math.max(2, 0.45 * Math.min(l.h, it.h)));
		if (line) {
			line.items.push(it);
			line.h = Math.max(line.h, it.h);
		} else lines.push({ y: it.y, h: it.h, items: [it] });
	}
	lines.sort((a, b) => b.y - a.y);
	return lines.map((l) => ({ y: l.y, h: l.h, segments: toSegments(l.items) }));
}

/** Items close together are one segment; a gap wider than about one character separates cells. */
function toSegments(items: Item[]): Segment[] {
	const sorted = [...items].sort((a, b) => a.x - b.x);
	const segs: Segment[] = [];
	for (const it of sorted) {
		const last = segs[segs.length - 1];
		const gap = last ? it.x - last.end : Infinity;
		if (last && gap < Math.max(1.5, 0.5 * Math.min(last.h, it.h)) && !(looksLikeValue(it.str) !== looksLikeValue(last.text) && gap > 0.3 * it.h)) {
			last.text += it.str;
			last.end = Math.max(last.end, it.x + it.w);
			last.h = Math.max(last.h, it.h);
		} else segs.push({ text: it.str, x: it.x, end: it.x + it.w, y: it.y, h: it.h, value: false });
	}
	for (const s of segs) s.value = s.text.trim() !== '' && looksLikeValue(s.text);
	return segs;
}

function leftMargin(lines: Line[]): number {
	const counts = new Map<number, number>();
	for (const l of lines) {
		const x = Math.round(l.segments[0].x);
		counts.set(x, (counts.get(x) ?? 0) + 1);
	}
	let best = 0;
	let n = -1;
	for (const [x, c] of counts) if (c > n || (c === n && x < best)) [best, n] = [x, c];
	return best;
}

/**
 * The value columns a row should be aligned to: those of the nearest value row above or below
 * (within a few rows) that has more values, when each of this row's values sits on one of them.
 */
function columnGrids(lines: Line[], valueRows: number[], run: number[]): Map<number, number[]> {
	const centers = (i: number) => lines[i].segments.filter((s) => s.value).map((s) => (s.x + s.end) / 2);
	const grids = new Map<number, number[]>();
	valueRows.forEach((r, k) => {
		const mine = centers(r);
		let best: number[] | undefined;
		for (const other of [...valueRows.slice(Math.max(0, k - 4), k).reverse(), ...valueRows.slice(k + 1, k + 5)]) {
			if (run[other] !== run[r]) continue;
			const theirs = centers(other);
			if (theirs.length <= mine.length || (best && theirs.length <= best.length)) continue;
			const tol = Math.max(...lines[r].segments.map((s) => s.h));
			if (mine.every((c) => theirs.some((t) => Math.abs(t - c) < tol * 1.2))) best = theirs;
		}
		if (best) grids.set(r, best);
	});
	return grids;
}

function rowCells(line: Line, pieces: Line[], grid: number[] | undefined): Cell[] {
	const labels = [line, ...pieces]
		.flatMap((l) => l.segments.filter((s) => !s.value))
		.sort((a, b) => a.x - b.x || b.y - a.y);
	// Pieces of one label (the same column) are joined top to bottom.
	const columns: Segment[][] = [];
	for (const s of labels) {
		const col = columns.find((c) => Math.abs(c[0].x - s.x) < s.h * 1.5);
		if (col) col.push(s);
		else columns.push([s]);
	}
	const labelCells = columns.map((c) => ({
		text: c
			.sort((a, b) => b.y - a.y)
			.map((s) => s.text.trim())
			.join(''),
		rowSpan: 1,
		colSpan: 1
	}));
	const values = line.segments.filter((s) => s.value);
	let valueCells: Cell[];
	if (grid) {
		valueCells = grid.map(() => ({ text: '', rowSpan: 1, colSpan: 1 }));
		for (const v of values) {
			const c = (v.x + v.end) / 2;
			let k = 0;
			grid.forEach((g, i) => Math.abs(g - c) < Math.abs(grid[k] - c) && (k = i));
			valueCells[k].text = v.text.trim();
		}
	} else valueCells = values.map((v) => ({ text: v.text.trim(), rowSpan: 1, colSpan: 1 }));
	// Labels that stand right of the first value (a header interleaved) keep their place.
	return [...labelCells, ...valueCells];
}

/** Consecutive one-row tables become one table. */
function mergeTables(blocks: Block[]): Block[] {
	const out: Block[] = [];
	for (const b of blocks) {
		const last = out[out.length - 1];
		if (b.kind === 'table' && last?.kind === 'table') last.rows.push(...b.rows);
		else out.push(b.kind === 'table' ? { kind: 'table', rows: [...b.rows] } : b);
	}
	return out;
}
