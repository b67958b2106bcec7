/**
 * Pipe tables (`| 一、本年新收… | 1259 | 36 | 0 | 0 | 0 | 0 | 1295 |`), as markdown writes them
 * and as they turn up inside plain text: one row a line, cells between unescaped pipes, a
 * delimiter row (`|---|:---:|`) that is not data.
 */
import { cell, type Cell } from '../document.js';
import { looksLikeValue, readValue } from '../values.js';

/** The cells of a pipe row, or null when the line is not one (it needs a pipe at either end, or two inside). */
export function pipeCells(line: string): string[] | null {
	const t = line.trim();
	if (!t.includes('|')) return null;
	const parts = t.split(/(?<!\\)\|/);
	const framed = t.startsWith('|') || t.endsWith('|');
	if (t.startsWith('|')) parts.shift();
	if (t.endsWith('|') && !t.endsWith('\\|')) parts.pop();
	if (parts.length < (framed ? 1 : 3)) return null;
	return parts.map((p) =>
		p
			.replace(/\\\|/g, '|')
			.replace(/<br\s*\/?>/gi, '\n')
			.replace(/\*\*|__|`/g, '')
			.trim()
	);
}

/** A delimiter row: every cell dashes with optional colons. */
export function isDelimiterRow(cells: string[]): boolean {
	return cells.length > 0 && cells.every((c) => /^:?-{1,}:?$/.test(c.replace(/\s/g, '')));
}

const isValue = (t: string) => t.trim() !== '' && looksLikeValue(t);
const isBlank = (t: string) => t.trim() === '';

/**
 * A label written on a row of its own, its numbers on the next row (a transcription that broke
 * the row), goes back onto that row — only when the numbers confirm they are one row of a
 * table by their own sum (the last is the sum of the others), so that two rows that merely
 * follow each other are never joined by a guess. Rows of one width merge cell by cell (each
 * text keeps its column); otherwise the labels go before the numbers.
 */
export function reattachLabels(rows: string[][]): string[][] {
	const out: string[][] = [];
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i];
		const next = rows[i + 1];
		const labelOnly = row.some((t) => !isBlank(t)) && !row.some(isValue);
		if (labelOnly && next && next.every((t) => isBlank(t) || isValue(t)) && sumConfirms(next)) {
			const positional = row.length === next.length && row.every((t, k) => isBlank(t) || isBlank(next[k]));
			out.push(
				positional ? row.map((t, k) => (isBlank(t) ? next[k] : t)) : [...row.filter((t) => !isBlank(t)), ...next.slice(next.findIndex((t) => !isBlank(t)))]
			);
			i++;
			continue;
		}
		out.push(row);
	}
	return out;
}

/**
 * Header labels broken over two rows (商业 / 企业, as a transcriber copied a wrapped cell): in the
 * rows above the first row with numbers, a row whose every filled cell stands under a filled
 * cell of the row above continues those labels, and is joined into them. A row of sub-labels
 * under a merged cell (商业企业 … under 法人或其他组织 and the empty cells it covers) has cells
 * under empty ones, and stays a row.
 */
export function joinHeaderFragments(rows: string[][]): string[][] {
	const firstData = rows.findIndex((r) => r.some(isValue));
	const end = firstData < 0 ? rows.length : firstData;
	const out: string[][] = [];
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i];
		const above = out[out.length - 1];
		const filled = row.map((t, c) => (isBlank(t) ? -1 : c)).filter((c) => c >= 0);
		if (i < end && i > 0 && above && filled.length && filled.every((c) => !isBlank(above[c] ?? '') && !isValue(row[c]))) {
			out[out.length - 1] = above.map((t, c) => (isBlank(row[c] ?? '') ? t : t + row[c]));
			continue;
		}
		out.push(row);
	}
	return out;
}

function sumConfirms(row: string[]): boolean {
	const v = row.filter((t) => !isBlank(t)).map((t) => readValue(t).value);
	if (v.length < 3 || v.some((x) => x === null)) return false;
	const n = v as number[];
	return n.slice(0, -1).reduce((a, b) => a + b, 0) === n[n.length - 1];
}

/**
 * A pipe table has no merged cells: a transcriber leaves the cells a merged cell covers empty.
 * They are put back as the Word readers give them, so that a row's values start after its
 * labels and header labels stand over their columns:
 *
 * - value columns (a column that holds a number in some row) keep their empty cells as blanks
 *   from the first row with a number on: a blank value is never folded away;
 * - in a row with numbers, or a label row below them, an empty cell after the row's last label
 *   widens that label, and empty cells before its first label continue the cells above;
 * - in the header rows (above the first row with numbers), an empty cell continues the cell
 *   above when there is one of its own, and otherwise widens the label on its left.
 */
export function mergedCells(rows: string[][]): Cell[][] {
	const valueCols = new Set<number>();
	for (const r of rows) r.forEach((t, c) => isValue(t) && valueCols.add(c));
	const firstData = rows.findIndex((r) => r.some(isValue));
	let above: (Cell | null)[] = [];
	return rows.map((row, r) => {
		const header = firstData < 0 || r < firstData;
		const out: Cell[] = [];
		const cover: (Cell | null)[] = [];
		/** The cell a continued cell continues, by identity. */
		const owner = new Map<Cell, Cell | null>();
		const lastLabel = row.reduce((k, t, c) => (!isBlank(t) && !isValue(t) && !valueCols.has(c) ? c : k), -1);
		row.forEach((t, c) => {
			const left = out[out.length - 1];
			const up = above[c] ?? null;
			if (!isBlank(t) || (!header && valueCols.has(c))) {
				out.push(cell(t));
			} else if (!header && c > lastLabel && lastLabel >= 0 && left && !left.continued) {
				left.colSpan++;
			} else if (!header && lastLabel >= 0 && c < lastLabel && up) {
				if (left?.continued && owner.get(left) === up) left.colSpan++;
				else {
					const k: Cell = { ...cell(''), continued: true };
					owner.set(k, up);
					out.push(k);
				}
			} else if (header && up && !(left && !left.continued && !isBlank(left.text) && above[c - 1] === up)) {
				if (left?.continued && owner.get(left) === up) left.colSpan++;
				else {
					const k: Cell = { ...cell(''), continued: true };
					owner.set(k, up);
					out.push(k);
				}
			} else if (header && left && !left.continued && !isBlank(left.text)) {
				left.colSpan++;
			} else out.push(cell(''));
			const mine = out[out.length - 1];
			cover[c] = mine.continued ? (owner.get(mine) ?? null) : mine;
		});
		above = cover;
		return out;
	});
}
