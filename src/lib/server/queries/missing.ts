/**
 * The 缺报 matrix: agencies × years, each received or missing. A file that could not be read
 * names no agency or year; those are listed beside the matrix (listRejected).
 *
 * The summary and the matrix count the same thing: `missing_report` findings of the agencies in
 * scope, over the same years (the region's years with reports, and any year a report is missing
 * in, which may have none).
 */
import { z } from 'zod';
import { query } from '../db.js';
import { Id, Level } from './columns.js';
import { IN_SCOPE, inScope, type Scope } from './scope.js';

const Cell = z.object({
	agency_id: Id,
	name: z.string(),
	level: Level,
	year: z.number().int(),
	status: z.enum(['received', 'missing', 'none']),
	report_id: Id.nullable()
});

// From the findings with their agencies' regions beside them (serving.ts): no join of a nation's findings.
const GAPS = `SELECT f.agency_id, f.year FROM scope_findings f WHERE f.rule = 'missing_report' AND ${inScope('f')}`;

/** The matrix's years: the scope's, and every year a report of an agency in scope is missing in. */
export async function missingYears(s: Scope): Promise<number[]> {
	const rows = await query(z.object({ year: z.number().int() }), `SELECT DISTINCT year FROM (${GAPS}) ORDER BY year`, { region: s.region, level: s.level });
	return [...new Set([...s.years, ...rows.map((r) => r.year)])].sort((a, b) => a - b);
}

/** Agencies with a missing year first (all of them with `all`), at most `limit` agencies, over `years`. */
export function missingMatrix(s: Scope, years: number[], all = false, limit = 300) {
	return query(
		Cell,
		`WITH gaps AS (${GAPS}),
		      ag AS (SELECT a.id, a.name, a.level FROM agencies a WHERE ${IN_SCOPE} AND ($all OR a.id IN (SELECT agency_id FROM gaps))
		             ORDER BY a.level, a.name LIMIT $limit),
		      yrs AS (SELECT unnest($years::INTEGER[]) AS year)
		 SELECT ag.id AS agency_id, ag.name, ag.level, yrs.year,
		        CASE WHEN r.id IS NOT NULL THEN 'received' WHEN g.agency_id IS NOT NULL THEN 'missing' ELSE 'none' END AS status,
		        r.id AS report_id
		 FROM ag CROSS JOIN yrs
		 LEFT JOIN reports r ON r.agency_id = ag.id AND r.year = yrs.year
		 LEFT JOIN gaps g ON g.agency_id = ag.id AND g.year = yrs.year
		 ORDER BY ag.level, ag.name, yrs.year`,
		{ region: s.region, level: s.level, years: `[${years.join(',')}]`, all, limit }
	);
}

const Count = z.object({ agencies: z.number().int(), with_gaps: z.number().int(), missing: z.number().int() });

/** Agencies in scope, those missing a report, and the reports missing: what the page's summary says. */
export async function missingCounts(s: Scope) {
	const [row] = await query(
		Count,
		`WITH gaps AS (${GAPS})
		 SELECT (SELECT count(*) FROM agencies a WHERE ${IN_SCOPE})::INTEGER AS agencies,
		        (SELECT count(DISTINCT agency_id) FROM gaps)::INTEGER AS with_gaps,
		        (SELECT count(*) FROM gaps)::INTEGER AS missing`,
		{ region: s.region, level: s.level }
	);
	return row;
}
