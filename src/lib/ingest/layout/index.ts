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
 *   a blank cell stays blank in its own column instead of shifting the row;
 * - lines without values just above a table's values, in text smaller than the document's prose
 *   (申请人情况 alone over its columns), are header rows of the table, not paragraphs.
 *
 * Tables that run over a page break simply continue: recognition reads rows across blocks. A
 * paragraph whose page ends on a full line goes on at the next page's first line when that
 * starts at the margin (joinPages).
 */
import type { Block, Cell } from '../document.js';
import { toLines, type Line, type PositionedText } from './lines.js';
import { columnGrids, rowCells } from './rows.js';
import { TOLERANCES as T } from './tolerances.js';

export type { PositionedText } from './lines.js';
export { TOLERANCES } from './tolerances.js';

/** A line that is only a page number (- 4 -, 第 4 页) is page furniture, not text. */
const PAGE_NUMBER = /^[-—–\s]*\d{1,3}[-—–\s]*$|^第\s*\d+\s*页/;

/** One page's blocks, and whether its prose runs on over the page breaks (joinPages joins it). */
export interface PageLayout {
	blocks: Block[];
	/** The page begins with a paragraph whose first line starts at the margin: it continues the last page's paragraph, if that one ran on. */
	opensInParagraph: boolean;
	/** The page ends with a paragraph whose last line runs to the right edge: it goes on over the page. */
	endsInParagraph: boolean;
}

/** One page's blocks in reading order: paragraphs, and one-row tables (mergeTables joins them). */
export function layoutPage(items: PositionedText[]): Block[] {
	return layoutPageFlow(items).blocks;
}

/** The blocks of a document's pages: tables run on over page breaks, and so do paragraphs cut by one. */
export function joinPages(pages: PageLayout[]): Block[] {
	const blocks: Block[] = [];
	pages.forEach((page, i) => {
		const [last, first] = [blocks[blocks.length - 1], page.blocks[0]];
		if (i > 0 && pages[i - 1].endsInParagraph && page.opensInParagraph && last?.kind === 'paragraph' && first?.kind === 'paragraph') {
			last.text += first.text;
			blocks.push(...page.blocks.slice(1));
		} else blocks.push(...page.blocks);
	});
	return mergeTables(blocks);
}

/**
 * What a document's prose looks like, from the pages laid out so far (a page that is mostly
 * table, or holds a line or two, says little by itself): its text height — the one most
 * characters on lines of a single piece of text have —, its left margin — where most prose
 * lines start —, and its right edge.
 */
export class ProseStyle {
	private heights = new Map<number, number>();
	private starts = new Map<number, number>();
	private right = 0;

	/** Lines of a single piece of text (prose, or a table's lone labels), by the characters they hold. */
	observeHeights(lines: Line[]): void {
		for (const l of lines) {
			if (l.segments.length !== 1 || l.segments[0].value) continue;
			const h = Math.round(l.h * 10) / 10;
			this.heights.set(h, (this.heights.get(h) ?? 0) + [...l.segments[0].text.replace(/\s/g, '')].length);
		}
	}

	/** A page's prose lines: where they start and end. */
	observeProse(lines: Line[]): void {
		for (const l of lines) {
			const x = Math.round(l.segments[0].x);
			this.starts.set(x, (this.starts.get(x) ?? 0) + 1);
			this.right = Math.max(this.right, l.segments[l.segments.length - 1].end);
		}
	}

	height(): number | null {
		return mostCommon(this.heights, (a, b) => a > b);
	}

	/** The leftmost of the most common starts. */
	margin(): number {
		return mostCommon(this.starts, (a, b) => a < b) ?? 0;
	}

	rightEdge(): number {
		return this.right;
	}
}

/** The key with the highest count; `before` breaks ties. */
function mostCommon(counts: Map<number, number>, before: (a: number, b: number) => boolean): number | null {
	let best: number | null = null;
	for (const [k, n] of counts) if (best === null || n > counts.get(best)! || (n === counts.get(best)! && before(k, best))) best = k;
	return best;
}

/** One page's layout; `style` carries what the prose looks like from page to page (give each document its own). */
export function layoutPageFlow(items: PositionedText[], style = new ProseStyle()): PageLayout {
	const lines = toLines(items).filter((l) => !(l.segments.length === 1 && PAGE_NUMBER.test(l.segments[0].text)));
	const hasValue = (l: Line) => l.segments.some((s) => s.value);
	style.observeHeights(lines);
	const headers = tableHeaders(lines, style.height());
	const isRow = lines.map((l, i) => hasValue(l) || l.segments.length >= 2 || headers.has(i));
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
	style.observeProse(prose);
	const [margin, right] = [style.margin(), style.rightEdge()];
	let paragraph: string[] = [];
	let opensInParagraph = false;
	// The last header row emitted, to put labels stacked over several lines back together.
	let header: { y: number; h: number; cells: { text: string; x: number; end: number }[]; row: Cell[] } | null = null;
	const flush = () => {
		if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join('') });
		paragraph = [];
	};
	const mergeIntoHeader = (l: Line): boolean => {
		if (!header || header.y - l.y > T.header.stackDistance * Math.max(l.h, header.h)) return false;
		const slack = T.header.overlapPt;
		const under = l.segments.map((s) => header!.cells.find((c) => s.x < c.end + slack && s.end > c.x - slack));
		// Two labels under one cell are the sub-labels of a merged cell (商业企业, 科研机构 under 法人或其他组织): a row of their own.
		if (under.some((c, k) => c && under.indexOf(c) !== k)) return false;
		l.segments.forEach((s, k) => {
			const c = under[k];
			if (c) c.text += s.text.trim();
			else header!.cells.push({ text: s.text.trim(), x: s.x, end: s.end });
		});
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
			const atMargin = Math.abs(x - margin) < l.h * T.paragraph.margin;
			if (!blocks.length && !paragraph.length) opensInParagraph = atMargin;
			if (paragraph.length && !atMargin) flush();
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
	const endsInParagraph = paragraph.length > 0;
	flush();
	return { blocks, opensInParagraph, endsInParagraph };
}

/**
 * Lines of a table's header that are not rows by their own look (one cell's text: 申请人情况
 * over the value columns, the 本列数据的勾稽关系 note wrapped in the corner cell): the lines
 * without values just above a table's first value row, in text smaller than the page's prose
 * (tables are set smaller than the body; a heading or a paragraph above the table is not).
 */
function tableHeaders(lines: Line[], body: number | null): Set<number> {
	const out = new Set<number>();
	if (body === null) return out;
	lines.forEach((l, i) => {
		if (!l.segments.some((s) => s.value) || (i > 0 && lines[i - 1].segments.some((s) => s.value))) return;
		for (let j = i - 1; j >= 0 && !lines[j].segments.some((s) => s.value) && lines[j].h < body * T.header.smallerThanProse; j--) out.add(j);
	});
	return out;
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
