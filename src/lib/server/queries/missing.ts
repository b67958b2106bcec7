/**
 * The 缺报 matrix: agencies × years, each received or missing. A file that could not be read
 * names no agency or year; those are listed beside the matrix (listRejected).
 */
import { z } from 'zod';
import { query } from '../db.js';
import { Id, Level } from './columns.js';
import { IN_SCOPE, type Scope } from './scope.js';

const Cell = z.object({
	agency_id: Id,
	name: z.string(),
	level: Level,
	year: z.number().int(),
	status: z.enum(['received', 'missing', 'none']),
	report_id: Id.nullable()
});

/** Agencies with a missing year first (all of them with `all`), at most `limit` agencies. */
export function missingMatrix(s: Scope, all = false, limit = 300) {
	return query(
		Cell,
		`WITH gaps AS (SELECT DISTINCT f.agency_id FROM findings f WHERE f.rule = 'missing_report'),
		      ag AS (SELECT a.id, a.name, a.level FROM agencies a WHERE ${IN_SCOPE} AND ($all OR a.id IN (SELECT agency_id FROM gaps))
		             ORDER BY a.level, a.name LIMIT $limit),
		      yrs AS (SELECT unnest($years::INTEGER[]) AS year)
		 SELECT ag.id AS agency_id, ag.name, ag.level, yrs.year,
		        CASE WHEN r.id IS NOT NULL THEN 'received' WHEN f.report_id IS NOT NULL THEN 'missing' ELSE 'none' END AS status,
		        r.id AS report_id
		 FROM ag CROSS JOIN yrs
		 LEFT JOIN reports r ON r.agency_id = ag.id AND r.year = yrs.year
		 LEFT JOIN findings f ON f.agency_id = ag.id AND f.year = yrs.year AND f.rule = 'missing_report'
		 ORDER BY ag.level, ag.name, yrs.year`,
		{ region: s.region, level: s.level, years: `[${s.years.join(',')}]`, all, limit }
	);
}

const Count = z.object({ agencies: z.number().int(), with_gaps: z.number().int() });

export async function missingCounts(s: Scope) {
	const [row] = await query(
		Count,
		`SELECT count(*)::INTEGER AS agencies, count(*) FILTER (WHERE a.id IN (SELECT agency_id FROM findings WHERE rule = 'missing_report'))::INTEGER AS with_gaps
		 FROM agencies a WHERE ${IN_SCOPE}`,
		{ region: s.region, level: s.level }
	);
	return row;
}
