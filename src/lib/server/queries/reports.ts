/** Named queries about reports and files. */
import { z } from 'zod';
import { query } from '../db.js';
import { Format, Id, Level, RejectionCode, Template } from './columns.js';
import { inScope, params, type Scope } from './scope.js';

export const ReportListRow = z.object({
	id: Id,
	agency_id: Id,
	agency: z.string(),
	region: z.string(),
	level: Level,
	year: z.number().int(),
	template: Template,
	format: Format,
	generated: z.boolean(),
	published_date: z.string().nullable(),
	new_received: z.number().nullable(),
	warnings: z.number().int(),
	alternatives: z.number().int()
});
export type ReportListRow = z.infer<typeof ReportListRow>;

/** The columns the list sorts by, each a fixed SQL expression (the URL names the key, never the SQL). */
export const REPORT_SORTS = {
	// The agency name's place in Chinese order (serving.ts): an integer to compare, not a string.
	agency: 'p.name_order',
	level: 'p.level',
	region: 'p.region',
	year: 'p.year',
	format: 'p.format',
	published: 'p.published_date',
	new_received: 'new_received',
	warnings: 'warnings'
} as const;
export type ReportSort = keyof typeof REPORT_SORTS;
export const REPORTS_PER_PAGE = 50;

export interface ReportListQuery {
	/** The scope's year only, or every year. */
	allYears: boolean;
	sort: ReportSort;
	descending: boolean;
	page: number;
}

/**
 * A page of the reports of the scope's region and level (and year), sorted, and how many there
 * are in all. The page's ids are chosen on the sort keys alone (ties: the agency's place in
 * Chinese order, the year, the id: integers), then only its 50 rows read whole; the count is a
 * query of its own. At 1.2 million reports a deep page of every year by 新收申请 took 290–350 ms
 * as one query (a sort of every row whole), 90–120 ms so.
 */
export async function listReports(s: Scope, q: ReportListQuery): Promise<{ rows: ReportListRow[]; total: number }> {
	const order = `sort_key ${q.descending ? 'DESC' : 'ASC'} NULLS LAST, name_order, year, id`;
	const [rows, total] = await Promise.all([
		query(
			ReportListRow,
			`WITH keys AS (SELECT p.id, ${REPORT_SORTS[q.sort]} AS sort_key, p.name_order, p.year FROM report_list p WHERE ${inScope('p')} AND ($all OR p.year = $year)),
			      page AS (SELECT id, row_number() OVER (ORDER BY ${order}) AS k FROM (SELECT * FROM keys ORDER BY ${order} LIMIT $limit OFFSET $offset))
			 SELECT p.id, p.agency_id, p.agency, p.region, p.level, p.year, p.template, p.format, p.generated, p.published_date,
			        p.new_received, p.warnings, p.alternatives
			 FROM page JOIN report_list p ON p.id = page.id ORDER BY page.k`,
			params(s, { all: q.allYears, limit: REPORTS_PER_PAGE, offset: (q.page - 1) * REPORTS_PER_PAGE })
		),
		countReports(s, q.allYears)
	]);
	return { rows, total };
}

/** How many reports the list has in all. */
async function countReports(s: Scope, allYears: boolean): Promise<number> {
	const [row] = await query(
		z.object({ n: z.number().int() }),
		`SELECT count(*)::INTEGER AS n FROM report_list p WHERE ${inScope('p')} AND ($all OR p.year = $year)`,
		params(s, { all: allYears })
	);
	return row.n;
}

export const RejectedRow = z.object({ path: z.string(), code: RejectionCode, reason: z.string(), at: z.coerce.string() });

export function listRejected(): Promise<z.infer<typeof RejectedRow>[]> {
	return query(RejectedRow, `SELECT path, code, reason, "at" FROM rejected_files ORDER BY path`);
}
