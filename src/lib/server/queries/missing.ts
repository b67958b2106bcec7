/**
 * The 缺报 matrix: agencies × years, each as the roster has it (received, late, missing, not yet
 * due, not owed). A file that could not be read names no agency or year; those are listed beside
 * the matrix (listRejected). The summary and the matrix count the same rows of `scope_roster`.
 */
import { z } from 'zod';
import { query } from '../db.js';
import { Id, Level } from './columns.js';
import { IN_SCOPE, inScope, type Scope } from './scope.js';
import { ROSTER_STATUSES } from '../../report/season.js';

const Cell = z.object({
	agency_id: Id,
	name: z.string(),
	level: Level,
	year: z.number().int(),
	status: z.enum(ROSTER_STATUSES),
	report_id: Id.nullable(),
	days_late: z.number().int().nullable()
});

const GAPS = `SELECT r.agency_id, r.year FROM scope_roster r WHERE r.status = 'missing' AND ${inScope('r')}`;

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
		             ORDER BY a.level, a.name COLLATE zh LIMIT $limit),
		      yrs AS (SELECT unnest($years::INTEGER[]) AS year)
		 SELECT ag.id AS agency_id, ag.name, ag.level, yrs.year, coalesce(r.status, 'not_owed') AS status, r.report_id, r.days_late
		 FROM ag CROSS JOIN yrs
		 LEFT JOIN roster r ON r.agency_id = ag.id AND r.year = yrs.year
		 ORDER BY ag.level, ag.name COLLATE zh, yrs.year`,
		{ region: s.region, level: s.level, years: `[${years.join(',')}]`, all, limit }
	);
}

const Count = z.object({ agencies: z.number().int(), with_gaps: z.number().int(), missing: z.number().int() });

/** Agencies in scope, those missing a report, and the reports missing (every year): the matrix's summary. */
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
