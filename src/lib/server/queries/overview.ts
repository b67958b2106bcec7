/** The figures of the 总览 page. */
import { z } from 'zod';
import { query } from '../db.js';
import { Id } from './columns.js';
import { COUNTED, LATEST_REVIEW } from '../workbench/reviews.js';
import { inScope, params, type Scope } from './scope.js';
import { METRICS } from '../../report/metrics.js';
import { OUTCOME_GROUPS } from '../../report/template.js';

/** SQL: the rows of region_metrics `g` that sum the scope (its region, counting all within; its level or all). */
const REGION_SUMS = `g.region = $region AND ($level = '' OR g.level = $level)`;

const Agg = z.object({
	year: z.number().int(),
	metric: z.string(),
	numerator: z.number().nullable(),
	denominator: z.number().nullable(),
	reports: z.number().int()
});

/** Each metric summed over the scope's reports (rates as a ratio of sums), per year: the region's sums made at ingest. */
export async function metricTotals(s: Scope) {
	const rows = await query(
		Agg,
		`SELECT g.year, g.metric, sum(g.numerator)::DOUBLE AS numerator, sum(g.denominator)::DOUBLE AS denominator, sum(g.reports)::INTEGER AS reports
		 FROM region_metrics g WHERE ${REGION_SUMS} GROUP BY ALL ORDER BY g.year`,
		params(s)
	);
	return s.years.map((year): { year: number } & Record<string, number | null> => {
		const out: Record<string, number | null> = {};
		for (const def of METRICS) {
			const row = rows.find((r) => r.year === year && r.metric === def.key);
			if (!row) out[def.key] = null;
			else if (def.kind === 'count') out[def.key] = row.numerator;
			else out[def.key] = row.numerator !== null && row.denominator ? row.numerator / row.denominator : null;
			if (def.kind === 'rate') out[`${def.key}__n`] = row?.denominator ?? null;
		}
		return { year, ...out };
	});
}

const Outcome = z.object({ metric: z.string(), value: z.number().nullable() });

/** The outcome groups summed over the scope's reports of the year (from the per-report metrics). */
export async function outcomeComposition(s: Scope) {
	const rows = await query(
		Outcome,
		`SELECT g.metric, sum(g.value)::DOUBLE AS value FROM region_metrics g
		 WHERE g.metric LIKE 'outcome_%' AND g.year = $year AND ${REGION_SUMS} GROUP BY g.metric`,
		params(s)
	);
	return OUTCOME_GROUPS.map((g) => ({ group: g, value: rows.find((r) => r.metric === `outcome_${g}`)?.value ?? 0 }));
}

const Top = z.object({ agency_id: Id, name: z.string(), errors: z.number().int(), warnings: z.number().int(), report_id: Id });

export function worstAgencies(s: Scope, limit = 10) {
	return query(
		Top,
		`SELECT f.agency_id, f.agency AS name, count(*) FILTER (WHERE f.severity = 'error')::INTEGER AS errors,
		        count(*) FILTER (WHERE f.severity = 'warning')::INTEGER AS warnings, any_value(f.report_id) AS report_id
		 FROM scope_findings f ${LATEST_REVIEW}
		 WHERE f.year = $year AND ${inScope('f')} AND ${COUNTED} GROUP BY ALL HAVING errors + warnings > 0
		 ORDER BY errors DESC, warnings DESC, name LIMIT $limit`,
		params(s, { limit })
	);
}
