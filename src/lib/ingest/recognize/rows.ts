/**
 * The document as one sequence of rows and paragraphs. Recognition finds tables by their
 * labels in this sequence, so a table that a reader delivers in pieces (a page break, a merged
 * label printed between two rows) reads as one.
 */
import type { Cell, Document } from '../document.js';
import { normalizeLabel } from '../labels.js';
import { looksLikeValue } from '../values.js';

export type Item = { kind: 'paragraph'; text: string } | RowItem;

export interface RowItem {
	kind: 'row';
	cells: Cell[];
	/** The row read once (readRow): recognition asks for the same rows several times. */
	reading?: RowReading;
}

export function linearize(doc: Document): Item[] {
	const items: Item[] = [];
	for (const b of doc.blocks) {
		if (b.kind === 'paragraph') items.push(b);
		else for (const cells of b.rows) items.push({ kind: 'row', cells });
	}
	return items;
}

export interface RowReading {
	cells: Cell[];
	/** The cells that are not values, normalized (numbering removed), with their positions. */
	labels: { text: string; at: number }[];
}

/**
 * Reads a row once. The reading is kept on the item, not in a WeakMap keyed by the cells:
 * the ephemerons of a WeakMap made every garbage collection of a batch ingest costly.
 */
export function readRow(item: RowItem): RowReading {
	if (item.reading) return item.reading;
	const labels: { text: string; at: number }[] = [];
	item.cells.forEach((c, at) => {
		if (!c.continued && !looksLikeValue(c.text)) labels.push({ text: normalizeLabel(c.text), at });
	});
	return (item.reading = { cells: item.cells, labels });
}

/** The cells after position `at`, as texts; a cell spanning n columns counts n times. */
export function valuesAfter(r: RowReading, at: number): string[] {
	const values: string[] = [];
	for (const c of r.cells.slice(at + 1)) {
		values.push(c.text);
		for (let k = 1; k < c.colSpan; k++) values.push('');
	}
	return values;
}

/**
 * Finds what a row's label names: each label cell from the last (the most specific, e.g.
 * 1.属于国家秘密 after （三）不予公开), then all label cells read together (a label split
 * over cells). The values are the cells after the matched label, so a value cell that is
 * not a number (约12) stays a value, to be reported, rather than shifting the row.
 */
export function matchRow<T>(r: RowReading, test: (label: string) => T | null | undefined): { def: T; at: number } | null {
	for (let k = r.labels.length - 1; k >= 0; k--) {
		const def = test(r.labels[k].text);
		if (def) return { def, at: r.labels[k].at };
	}
	if (r.labels.length > 1) {
		const def = test(r.labels.map((l) => l.text).join(''));
		if (def) return { def, at: r.labels[r.labels.length - 1].at };
	}
	return null;
}
