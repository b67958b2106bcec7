/** What the checks read (one report's cells, as stored) and what they write (findings). */
import type { Due } from '../report/season.js';
import type { AgencyLevel } from '../report/agencies.js';
import type { CellRef } from '../report/metrics.js';
import type { SectionKey, TemplateId } from '../report/template.js';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ReportData {
	id: number;
	agencyId: number;
	agency: string;
	level: AgencyLevel;
	/** The level of the agency above it (a county's departments are not a city's). */
	parentLevel: AgencyLevel | null;
	year: number;
	template: TemplateId;
	generated: boolean;
	value(ref: CellRef): number | null;
	/** The cell's text as published: '' blank, null when the row was not found at all. */
	raw(ref: CellRef): string | null;
	sections: Partial<Record<SectionKey, string | null>>;
	/** When the report says it was published (YYYY-MM-DD) and where it says so; null when it does not. */
	published: { date: string; source: string } | null;
	/** Its agency's deadline (MM-DD of the year after: report/season.ts). */
	deadline: Due;
}

export interface Finding {
	report_id: number;
	agency_id: number;
	year: number;
	rule: string;
	/**
	 * What the finding is about beside its report (its stable id is made of rule, report and
	 * subject: report/ids.ts findingId): a column, a row, another report; '' for the report as a
	 * whole. Not what was found — a report corrected in part, still wrong in the same place,
	 * keeps the finding and its review.
	 */
	subject: string;
	severity: Severity;
	/** Chinese, precise enough to send back to the agency as it stands. */
	message: string;
	cells: CellRef[];
}

/**
 * A finding of one report before the runner fills in whose it is. Without a subject, the cells it
 * cites are its subject: give one where they depend on the values (the non-zero rows of a sum).
 */
export type Draft = Omit<Finding, 'report_id' | 'agency_id' | 'year' | 'rule' | 'severity' | 'subject'> & { severity?: Severity; subject?: string };

/** The cells a finding cites as a subject: in a fixed order, whatever order the rule gave. */
export function cellsSubject(cells: CellRef[]): string {
	return cells
		.map((c) => `${c.table}.${c.row}.${c.col}`)
		.sort()
		.join(',');
}
