/** The figures of the 对比 page: one metric across the scope's agencies, and several side by side. */
import { z } from 'zod';
import { query } from '../db.js';
import { Id, Level } from './columns.js';
import { TABLE_KEYS } from '../../report/template.js';
import { inScope, params, type Scope } from './scope.js';
import { OUTCOME_GROUPS } from '../../report/template.js';
import { SMALL_SAMPLE } from '../../report/metrics.js';
import { RANKING_LIMIT } from '../../charts/options.js';

const Ranked = z.object({
	agency_id: Id,
	name: z.string(),
	level: Level,
	report_id: Id,
	value: z.number().nullable(),
	numerator: z.number().nullable(),
	denominator: z.number().nullable()
});

/**
 * The top `limit` agencies by a metric (a region of thousands is read from the top), and how
 * many there are. For a rate, agencies whose base is a small sample come after the others:
 * 100% of two applications does not lead a ranking.
 */
export async function ranking(s: Scope, metric: string, limit = RANKING_LIMIT) {
	const rows = await query(
		Ranked.extend({ n: z.number().int(), median: z.number().nullable() }),
		// Read once for the list, its count and its median.
		`WITH m AS MATERIALIZED (
		   SELECT g.agency_id, g.name, g.level, g.report_id, g.value, g.numerator, g.denominator
		   FROM scope_metrics g WHERE g.metric = $metric AND g.year = $year AND ${inScope('g')})
		 SELECT *, (SELECT count(*) FROM m)::INTEGER AS n, (SELECT median(value) FROM m)::DOUBLE AS median
		 FROM m ORDER BY (denominator IS NOT NULL AND denominator < $small), value DESC NULLS LAST, name LIMIT $limit`,
		params(s, { metric, limit, small: SMALL_SAMPLE })
	);
	// The agencies of the scope whose report of the year is missing: not in the ranking, named beside it.
	const missing = await query(
		z.object({ agency_id: Id, name: z.string() }),
		`SELECT r.agency_id, r.agency AS name FROM scope_roster r WHERE r.year = $year AND r.status = 'missing' AND ${inScope('r')} ORDER BY r.name_order, r.agency_id`,
		params(s)
	);
	// With 级别 全部 the median is of every level together: not a peers' median, and said so.
	return {
		rows: rows.map(({ n: _n, median: _m, ...r }) => r),
		total: rows[0]?.n ?? 0,
		median: rows[0]?.median ?? null,
		mixedLevels: s.level === '',
		missing
	};
}

/** SQL: the outcome groups' metric keys, a list of the code's own constants. */
const OUTCOME_METRICS = OUTCOME_GROUPS.map((g) => `'outcome_${g}'`).join(', ');

const Composition = z.object({ agency_id: Id, name: z.string(), metric: z.string(), value: z.number().nullable() });

/** Outcome groups per agency (for 100% stacked bars), the `limit` agencies with most applications handled. */
export async function outcomesByAgency(s: Scope, limit = 20) {
	const rows = await query(
		Composition,
		`WITH top AS (
		   SELECT g.report_id, g.value FROM scope_metrics g
		   WHERE g.metric = 'total_processed' AND g.year = $year AND ${inScope('g')} AND g.value > 0 ORDER BY g.value DESC LIMIT $limit)
		 SELECT g.agency_id, g.name, g.metric, g.value FROM top JOIN scope_metrics g ON g.report_id = top.report_id
		 WHERE g.metric IN (${OUTCOME_METRICS}) AND g.year = $year ORDER BY top.value DESC, g.report_id`,
		params(s, { limit })
	);
	const agencies = [...new Map(rows.map((r) => [r.agency_id, r.name])).entries()];
	return agencies.map(([id, name]) => ({
		agency_id: id,
		name,
		groups: Object.fromEntries(OUTCOME_GROUPS.map((g) => [g, rows.find((r) => r.agency_id === id && r.metric === `outcome_${g}`)?.value ?? 0]))
	}));
}

const Heat = z.object({ agency_id: Id, name: z.string(), year: z.number().int(), value: z.number().nullable() });

/** One metric for every agency of the scope and every year (a heatmap of agencies × years). */
export function metricByYear(s: Scope, metric: string, limit = 40) {
	return query(
		Heat,
		`WITH chosen AS (
		   SELECT g.agency_id FROM scope_metrics g
		   WHERE g.metric = 'new_received' AND g.year = $year AND ${inScope('g')} ORDER BY g.value DESC NULLS LAST LIMIT $limit)
		 SELECT g.agency_id, g.name, g.year, g.value FROM scope_metrics g
		 WHERE g.metric = $metric AND g.agency_id IN (SELECT agency_id FROM chosen) ORDER BY g.name, g.year`,
		params(s, { metric, limit })
	);
}

const Scatter = z.object({ agency_id: Id, name: z.string(), received: z.number().nullable(), rate: z.number().nullable(), base: z.number().nullable() });

/** Applications against 公开率, per agency of the scope: the 2,000 with most applications. */
export function volumeVsDisclosure(s: Scope) {
	return query(
		Scatter,
		`WITH top AS (
		   SELECT g.agency_id, g.name, g.report_id, g.value AS received FROM scope_metrics g
		   WHERE g.metric = 'new_received' AND g.year = $year AND ${inScope('g')} ORDER BY g.value DESC NULLS LAST LIMIT 2000)
		 SELECT t.agency_id, t.name, t.received, d.value AS rate, d.denominator AS base
		 FROM top t LEFT JOIN scope_metrics d ON d.report_id = t.report_id AND d.metric = 'disclosure_rate' AND d.year = $year
		 ORDER BY t.received DESC NULLS LAST`,
		params(s)
	);
}

const Side = z.object({
	agency_id: Id,
	name: z.string(),
	report_id: Id,
	table_key: z.enum(TABLE_KEYS),
	row_key: z.string(),
	col_key: z.string(),
	value: z.number().nullable()
});

/** Every Table 3 and Table 4 total of 2–5 chosen agencies' reports of the year. */
export function sideBySide(s: Scope, ids: number[]) {
	if (!ids.length) return Promise.resolve([]);
	return query(
		Side,
		`SELECT a.id AS agency_id, a.name, r.id AS report_id, c.table_key, c.row_key, c.col_key, c.value
		 FROM reports r JOIN agencies a ON a.id = r.agency_id JOIN cells c ON c.report_id = r.id
		 WHERE r.year = $year AND list_contains($ids::BIGINT[], a.id) AND c.table_key IN ('applications', 'reviews') AND c.col_key = 'total'`,
		{ year: s.year, ids: `[${ids.join(',')}]` }
	);
}
