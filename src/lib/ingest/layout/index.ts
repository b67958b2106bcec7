/**
 * Rows and columns from positioned text: one geometry for every reader whose source is text at
 * places on a page (PDF text runs now, OCR boxes later). Tolerances: ./tolerances.ts.
 *
 * - pieces on one baseline form a line; a wide gap between pieces separates cells;
 * - a line with numbers standing apart (values) is a table row; a line of several separated
 *   labels (a header) is a row too; other lines are prose, joined into paragraphs;
 * - the pieces of a label that wraps above and below its row's values (（二）部分公开（区分处理
 *   的… / 计其他情形）) join that row, before its values;
 * - header labels stacked over several lines (商业 / 企业) go back into the header row's cells;
 * - a row with fewer values than the rows around it is aligned to their columns by position, so
 *   a blank cell stays blank in its own column instead of shifting the row.
 *
 * Tables that run over a page break simply continue: recognition reads rows across blocks.
 */
import type { Block, Cell } from '../document.js';
import { leftMargin, toLines, type Line, type PositionedText } from './lines.js';
import { columnGrids, rowCells } from './rows.js';
import { TOLERANCES as T } from './tolerances.js';

export type { PositionedText } from './lines.js';
export { TOLERANCES } from './tolerances.js';

/** A line that is only a page number (- 4 -, 第 4 页) is page furniture, not text. */
const PAGE_NUMBER = /^[-—–\s]*\d{1,3}[-—–\s]*$|^第\s*\d+\s*页/;

/** One page's blocks in reading order: paragraphs, and one-row tables (mergeTables joins them). */
export function layoutPage(items: PositionedText[]): Block[] {
	const lines = toLines(items).filter((l) => !(l.segments.length === 1 && PAGE_NUMBER.test(l.segments[0].text)));
	const hasValue = (l: Line) => l.segments.some((s) => s.value);
	const isRow = lines.map((l) => hasValue(l) || l.segments.length >= 2);
	const valueRows = lines.map((l, i) => (isRow[i] && hasValue(l) ? i : -1)).filter((i) => i >= 0);
	const joins = wrappedLabels(lines, valueRows);

	// A table's rows run on until a header row or prose: columns are aligned only within a run.
	const run: number[] = [];
	let id = 0;
	lines.forEach((l, i) => {
		const inTable = joins.has(i) || (isRow[i] && hasValue(l));
		if (!inTable) id++;
		run[i] = id;
	});
	const grids = columnGrids(lines, valueRows, run);
	const blocks: Block[] = [];
	const prose = lines.filter((_, i) => !isRow[i] && !joins.has(i));
	const margin = leftMargin(prose);
	const right = Math.max(0, ...prose.map((l) => l.segments[l.segments.length - 1].end));
	let paragraph: string[] = [];
	// The last header row emitted, to put labels stacked over several lines back together.
	let header: { y: number; h: number; cells: { text: string; x: number; end: number }[]; row: Cell[] } | null = null;
	const flush = () => {
		if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join('') });
		paragraph = [];
	};
	const mergeIntoHeader = (l: Line): boolean => {
		if (!header || header.y - l.y > T.header.stackDistance * Math.max(l.h, header.h)) return false;
		const slack = T.header.overlapPt;
		for (const s of l.segments) {
			const c = header.cells.find((c) => s.x < c.end + slack && s.end > c.x - slack);
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
			const text = l.segments
				.map((s) => s.text)
				.join(' ')
				.trim();
			const x = l.segments[0].x;
			// A line that starts at the margin continues the paragraph above; an indented one begins one.
			if (paragraph.length && !(Math.abs(x - margin) < l.h * T.paragraph.margin)) flush();
			paragraph.push(text);
			// A line that stops short of the right edge ends its paragraph (a heading, a last line).
			if (l.segments[l.segments.length - 1].end < right - T.paragraph.shortLine * l.h) flush();
			return;
		}
		flush();
		const isHeader = !hasValue(l);
		if (isHeader && mergeIntoHeader(l)) return;
		const pieces = [...joins.entries()].filter(([, r]) => r === i).map(([j]) => lines[j]);
		const row = rowCells(l, pieces, grids.get(i));
		header = isHeader ? { y: l.y, h: l.h, cells: l.segments.map((s) => ({ text: s.text.trim(), x: s.x, end: s.end })), row } : null;
		blocks.push({ kind: 'table', rows: [row] });
	});
	flush();
	return blocks;
}

/** Label lines (no values) that belong to the nearest value row: line index → row index. */
function wrappedLabels(lines: Line[], valueRows: number[]): Map<number, number> {
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
		if (dist <= T.wrappedLabel.maxDistance * lineHeight && l.segments.every((s) => s.end <= firstValue + T.wrappedLabel.leftOfValuesPt)) joins.set(i, best);
	});
	return joins;
}

/** Consecutive one-row tables become one table. */
export function mergeTables(blocks: Block[]): Block[] {
	const out: Block[] = [];
	for (const b of blocks) {
		const last = out[out.length - 1];
		if (b.kind === 'table' && last?.kind === 'table') last.rows.push(...b.rows);
		else out.push(b.kind === 'table' ? { kind: 'table', rows: [...b.rows] } : b);
	}
	return out;
}
