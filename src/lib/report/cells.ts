/** A Report's three tables as one list of cells: how the store keeps them and pages address them. */
import type { Report } from './schema.js';
import type { TableKey } from './template.js';

export interface CellRecord {
	table: TableKey;
	row: string;
	col: string;
	value: number | null;
	raw: string | null;
}

export function reportCells(r: Report): CellRecord[] {
	const out: CellRecord[] = [];
	const add = (table: TableKey, values: Record<string, Record<string, number | null>>, raw: Record<string, Record<string, string | null>>) => {
		for (const [row, cols] of Object.entries(values)) {
			for (const [col, value] of Object.entries(cols)) out.push({ table, row, col, value, raw: raw[row]?.[col] ?? null });
		}
	};
	add('proactive', r.proactive, r.raw.proactive);
	add('applications', r.applications, r.raw.applications);
	add('reviews', r.reviews, r.raw.reviews);
	return out;
}

/** How much of the template a parse filled: the richer of two sources of one report wins. */
export function richness(r: Report): number {
	return reportCells(r).filter((c) => c.value !== null).length - 3 * r.warnings.length;
}
