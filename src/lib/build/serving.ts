/**
 * The tables the dashboard reads its region views from, derived at the end of every ingest from
 * the others and never written otherwise. A view of a region joined metrics, reports and
 * agencies on every request, reading every row of the country (22 million metric rows at 1.2
 * million reports) to keep a region's; these hold the join made once, sorted so that DuckDB's
 * zone maps skip all but the rows of the asked metric and year, and the sums per region.
 *
 * - `scope_metrics`: each metric of each report with its agency's name, level and region
 *   (metrics ⋈ reports ⋈ agencies), by metric and year;
 * - `region_metrics`: the same summed per region, level, year and metric, where a region's sums
 *   count every agency within it (示例省 those of 示例省/示例市 and below): a region's view reads
 *   its own rows (IN_SCOPE's region rule, made once);
 * - `report_list`: a row of the reports list per report (its agency, 新收申请, its warnings and
 *   other sources counted, the agency name's place in Chinese order), by year and region;
 * - `scope_findings`: each finding with its agency's name, region and level, whether its report
 *   exists (a missing report's does not) and its severity's rank in lists, by year and region;
 * - `scope_roster`: the roster (who owes which year, and what became of it) with each agency's
 *   name, region and level, its name's place in Chinese order and the status's in lists, by year
 *   and region;
 * - `scope_text` and its bigram index, for /search: text-index.ts.
 *
 * Written after the checks (build.ts), in the same file: the findings are theirs.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { updateTextTables, writeTextTables } from './text-index.js';
import { CHANGED_AGENCIES, CHANGED_FINDINGS, CHANGES, dropChanges, isScoped } from './changes.js';

/**
 * An agency name's place in Chinese order: ICU's sort key for the zh collation (what ORDER BY
 * name COLLATE zh compares), as text whose byte order is that order. A key, not a rank, so that
 * a name added changes no other agency's.
 */
const NAME_ORDER = (name: string) => `icu_sort_key(${name}, 'zh')`;

/**
 * `scope_metrics` is written a metric at a time, each sorted by year: the same order on disk as
 * the whole sorted by metric and year, but what DuckDB sorts at once is one metric's rows. The
 * whole sort of 22 million rows (1.2 million reports) did not fit in 128 MB; a metric at a time
 * it does, in about half the time (34 s against 60 on a copy of that database).
 */
const SCOPE_METRICS = `SELECT m.metric, r.year, a.region, a.level, a.id AS agency_id, a.name, r.id AS report_id, m.value, m.numerator, m.denominator
	FROM metrics m JOIN reports r ON r.id = m.report_id JOIN agencies a ON a.id = r.agency_id`;
/** A serving table's rows for the changed reports (changes.ts), after its SELECT's WHERE or as one. */
const OF_CHANGED = `r.id IN (SELECT report_id FROM ${CHANGES})`;

async function writeScopeMetrics(c: DuckDBConnection) {
	await c.run(`CREATE OR REPLACE TABLE scope_metrics AS ${SCOPE_METRICS} LIMIT 0`);
	const metrics = (await c.runAndReadAll('SELECT DISTINCT metric FROM metrics ORDER BY metric')).getRowsJS().map(([m]) => String(m));
	for (const metric of metrics) await c.run(`INSERT INTO scope_metrics ${SCOPE_METRICS} WHERE m.metric = $metric ORDER BY r.year`, { metric });
}

/**
 * region_metrics: summed per agency's own region first, then each sum added to every region
 * containing it; `keys` narrows it to some (region, level, year) — those of changed reports.
 */
const regionMetrics = (keys = '') => `WITH own AS (
		SELECT region, level, year, metric, sum(value) AS value, sum(numerator) AS numerator, sum(denominator) AS denominator, count(*) AS reports
		FROM scope_metrics ${keys ? `SEMI JOIN (SELECT DISTINCT level, year FROM ${keys}) USING (level, year)` : ''} GROUP BY region, level, year, metric),
	regions AS (SELECT DISTINCT region, string_split(region, '/') AS part FROM own),
	within AS (SELECT region, array_to_string(list_slice(part, 1, k), '/') AS prefix FROM regions, range(1, len(part) + 1) t(k))
	SELECT w.prefix AS region, o.level, o.year, o.metric,
		sum(o.value) AS value, sum(o.numerator) AS numerator, sum(o.denominator) AS denominator, sum(o.reports)::INTEGER AS reports
	FROM own o JOIN within w USING (region) ${keys ? `WHERE EXISTS (SELECT 1 FROM ${keys} k WHERE k.region = w.prefix AND k.level = o.level AND k.year = o.year)` : ''}
	GROUP BY ALL ORDER BY region, level, year, metric`;

const REPORT_LIST = `SELECT r.id, r.agency_id, a.name AS agency, a.region, a.level, r.year, r.template, r.format, r.generated, r.published_date,
		m.value AS new_received, coalesce(w.n, 0)::INTEGER AS warnings, coalesce(x.n, 0)::INTEGER AS alternatives, ${NAME_ORDER('a.name')} AS name_order
	FROM reports r JOIN agencies a ON a.id = r.agency_id
	LEFT JOIN metrics m ON m.report_id = r.id AND m.metric = 'new_received'
	LEFT JOIN (SELECT report_id, count(*) AS n FROM report_warnings GROUP BY report_id) w ON w.report_id = r.id
	LEFT JOIN (SELECT report_id, count(*) AS n FROM report_sources WHERE role = 'alternative' GROUP BY report_id) x ON x.report_id = r.id`;

const SCOPE_FINDINGS = `SELECT f.id, f.former_id, f.report_id, f.agency_id, f.year, f.rule, f.severity, a.name AS agency, a.region, a.level,
		f.report_id IN (SELECT id FROM reports) AS has_report, CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END AS severity_rank
	FROM findings f JOIN agencies a ON a.id = f.agency_id`;

const SCOPE_ROSTER = `SELECT r.agency_id, r.year, r.owed, r.due, r.status, r.report_id, r.published_date, r.published_source, r.days_late,
		a.name AS agency, a.region, a.level, a.generated, ${NAME_ORDER('a.name')} AS name_order,
		CASE r.status WHEN 'missing' THEN 0 WHEN 'late' THEN 1 WHEN 'pending' THEN 2 WHEN 'received' THEN 3 ELSE 4 END AS status_rank
	FROM roster r JOIN agencies a ON a.id = r.agency_id`;

/** The other serving tables, each one statement (region_metrics reads scope_metrics, written first), sorted for zone maps. */
const SERVING_TABLES: [name: string, select: string][] = [
	['region_metrics', regionMetrics()],
	['report_list', `${REPORT_LIST} ORDER BY r.year, a.region, r.id`],
	['scope_findings', `${SCOPE_FINDINGS} ORDER BY f.year, a.region, f.id`],
	['scope_roster', `${SCOPE_ROSTER} ORDER BY r.year, a.region, r.agency_id`]
];

/** Every serving table made again from the tables as they now stand, or brought up to date with the changed reports (changes.ts). */
export async function writeServingTables(c: DuckDBConnection) {
	if (await isScoped(c)) await updateServingTables(c);
	else {
		await writeScopeMetrics(c);
		for (const [name, select] of SERVING_TABLES) await c.run(`CREATE OR REPLACE TABLE ${name} AS ${select}`);
		await writeTextTables(c);
	}
	await dropChanges(c);
}

/**
 * Each serving table's rows that the changed reports reach, deleted and made again from the same
 * SELECT as a whole build's: their metrics, the sums of their regions' levels and years, their
 * rows of the list, their agencies' roster, the findings the checks removed or wrote, their text.
 * Rows added go at the end of their tables (a whole build sorts them again).
 */
async function updateServingTables(c: DuckDBConnection) {
	await c.run(`DELETE FROM scope_metrics WHERE report_id IN (SELECT report_id FROM ${CHANGES})`);
	await c.run(`INSERT INTO scope_metrics ${SCOPE_METRICS} WHERE ${OF_CHANGED} ORDER BY m.metric, r.year`);
	await c.run(`CREATE OR REPLACE TEMP TABLE serving_keys AS
		WITH changed AS (SELECT DISTINCT a.region, a.level, (x.report_id % 10000)::INTEGER AS year FROM ${CHANGES} x JOIN agencies a ON a.id = x.report_id // 10000),
		parts AS (SELECT DISTINCT string_split(region, '/') AS part, level, year FROM changed)
		SELECT DISTINCT array_to_string(list_slice(part, 1, k), '/') AS region, level, year FROM parts, range(1, len(part) + 1) t(k)`);
	await c.run(`DELETE FROM region_metrics m WHERE EXISTS (SELECT 1 FROM serving_keys k WHERE k.region = m.region AND k.level = m.level AND k.year = m.year)`);
	await c.run(`INSERT INTO region_metrics ${regionMetrics('serving_keys')}`);
	await c.run('DROP TABLE serving_keys');
	await c.run(`DELETE FROM report_list WHERE id IN (SELECT report_id FROM ${CHANGES})`);
	await c.run(`INSERT INTO report_list ${REPORT_LIST} WHERE ${OF_CHANGED} ORDER BY r.year, a.region, r.id`);
	// The findings the checks removed or wrote, and those the load removed or wrote with their reports.
	const findings = (f: string) => `(${f}id IN (SELECT id FROM ${CHANGED_FINDINGS}) OR ${f}report_id IN (SELECT report_id FROM ${CHANGES}))`;
	await c.run(`DELETE FROM scope_findings WHERE ${findings('')}`);
	await c.run(`INSERT INTO scope_findings ${SCOPE_FINDINGS} WHERE ${findings('f.')} ORDER BY f.year, a.region, f.id`);
	await c.run(`DELETE FROM scope_roster WHERE agency_id IN ${CHANGED_AGENCIES}`);
	await c.run(`INSERT INTO scope_roster ${SCOPE_ROSTER} WHERE r.agency_id IN ${CHANGED_AGENCIES} ORDER BY r.year, a.region, r.agency_id`);
	await updateTextTables(c, `(SELECT report_id FROM ${CHANGES})`);
}
