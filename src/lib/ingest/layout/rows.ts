/**
 * A table row's cells from its line: labels (with their wrapped pieces) then values, the
 * values aligned to the columns of fuller rows nearby so that a blank stays in its column.
 */
import type { Cell } from '../document.js';
import type { Line, Segment } from './lines.js';
import { TOLERANCES as T } from './tolerances.js';

/**
 * The value columns a row should be aligned to: those of the nearest value row above or below
 * (within a few rows, in the same run of table lines) that has more values, when each of this
 * row's values sits on one of them.
 */
export function columnGrids(lines: Line[], valueRows: number[], run: number[]): Map<number, number[]> {
	const centers = (i: number) => lines[i].segments.filter((s) => s.value).map((s) => (s.x + s.end) / 2);
	const n = T.grid.neighbourRows;
	const grids = new Map<number, number[]>();
	valueRows.forEach((r, k) => {
		const mine = centers(r);
		let best: number[] | undefined;
		for (const other of [...valueRows.slice(Math.max(0, k - n), k).reverse(), ...valueRows.slice(k + 1, k + 1 + n)]) {
			if (run[other] !== run[r]) continue;
			const theirs = centers(other);
			if (theirs.length <= mine.length || (best && theirs.length <= best.length)) continue;
			const tol = Math.max(...lines[r].segments.map((s) => s.h)) * T.grid.column;
			if (mine.every((c) => theirs.some((t) => Math.abs(t - c) < tol))) best = theirs;
		}
		if (best) grids.set(r, best);
	});
	return grids;
}

const blank = (text: string): Cell => ({ text, rowSpan: 1, colSpan: 1 });

/** The cells of a row: its labels (pieces of one label joined top to bottom), then its values. */
export function rowCells(line: Line, pieces: Line[], grid: number[] | undefined): Cell[] {
	const labels = [line, ...pieces].flatMap((l) => l.segments.filter((s) => !s.value)).sort((a, b) => a.x - b.x || b.y - a.y);
	const columns: Segment[][] = [];
	for (const s of labels) {
		const col = columns.find((c) => Math.abs(c[0].x - s.x) < s.h * T.label.column);
		if (col) col.push(s);
		else columns.push([s]);
	}
	const labelCells = columns.map((c) =>
		blank(
			c
				.sort((a, b) => b.y - a.y)
				.map((s) => s.text.trim())
				.join('')
		)
	);
	const values = line.segments.filter((s) => s.value);
	let valueCells: Cell[];
	if (grid) {
		valueCells = grid.map(() => blank(''));
		for (const v of values) {
			const c = (v.x + v.end) / 2;
			let k = 0;
			grid.forEach((g, i) => Math.abs(g - c) < Math.abs(grid[k] - c) && (k = i));
			valueCells[k].text = v.text.trim();
		}
	} else valueCells = values.map((v) => blank(v.text.trim()));
	return [...labelCells, ...valueCells];
}
