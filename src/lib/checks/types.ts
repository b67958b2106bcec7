/** What the checks read (one report's cells, as stored) and what they write (findings). */
import type { AgencyLevel } from '../report/agencies.js';
import type { CellRef } from '../report/metrics.js';
import type { SectionKey, TemplateId } from '../report/template.js';

export type Severity = 'error' | 'warning' | 'info';

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
}

export interface Finding {
	report_id: number;
	agency_id: number;
	year: number;
	rule: string;
	severity: Severity;
	/** Chinese, precise enough to send back to the agency as it stands. */
	message: string;
	cells: CellRef[];
}

/** A finding of one report before the runner fills in whose it is. */
export type Draft = Omit<Finding, 'report_id' | 'agency_id' | 'year' | 'rule' | 'severity'> & { severity?: Severity };
