/**
 * A report as the rules read it (ReportData), from a parsed Report — what an upload's preview
 * checks before anything is stored — or from a stored report's cells and sections.
 */
import type { Report } from '../report/schema.js';
import type { CellRef } from '../report/metrics.js';
import type { TemplateId } from '../report/template.js';
import type { ReportData } from './types.js';

/** Whose report it is, as the rules need it. */
export type Owner = Pick<ReportData, 'id' | 'agencyId' | 'agency' | 'level' | 'parentLevel' | 'generated' | 'deadline'>;

type Grid = Record<string, Record<string, number | null>>;
type RawGrid = Record<string, Record<string, string | null>>;

export function reportDataOf(report: Report & { year: number }, owner: Owner): ReportData {
	return {
		...owner,
		year: report.year,
		template: report.template,
		value: (ref) => (report[ref.table] as Grid)[ref.row]?.[ref.col] ?? null,
		raw: (ref) => (report.raw[ref.table] as RawGrid)[ref.row]?.[ref.col] ?? null,
		sections: report.sections,
		published: report.published
	};
}

/** A stored cell: its place, its value, its text as published. */
export interface StoredCell {
	table_key: string;
	row_key: string;
	col_key: string;
	value: number | null;
	raw: string | null;
}

export function reportDataFromRows(
	r: { year: number; template: TemplateId; published_date: string | null; published_source: string | null },
	cells: StoredCell[],
	sections: { section: string; text: string | null }[],
	owner: Owner
): ReportData {
	const byKey = new Map(cells.map((c) => [`${c.table_key}.${c.row_key}.${c.col_key}`, c]));
	const at = (ref: CellRef) => byKey.get(`${ref.table}.${ref.row}.${ref.col}`);
	return {
		...owner,
		year: r.year,
		template: r.template,
		value: (ref) => at(ref)?.value ?? null,
		raw: (ref) => at(ref)?.raw ?? null,
		sections: Object.fromEntries(sections.map((s) => [s.section, s.text])),
		published: r.published_date ? { date: r.published_date, source: r.published_source ?? '' } : null
	};
}
