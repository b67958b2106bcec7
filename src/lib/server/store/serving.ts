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
import { writeTextTables } from './text-index.js';

/**
 * `scope_metrics` is written a metric at a time, each sorted by year: the same order on disk as
 * the whole sorted by metric and year, but what DuckDB sorts at once is one metric's rows. The
 * whole sort of 22 million rows (1.2 million reports) did not fit in 128 MB; a metric at a time
 * it does, in about half the time (34 s against 60 on a copy of that database).
 */
const SCOPE_METRICS = `SELECT m.metric, r.year, a.region, a.level, a.id AS agency_id, a.name, r.id AS report_id, m.value, m.numerator, m.denominator
	FROM metrics m JOIN reports r ON r.id = m.report_id JOIN agencies a ON a.id = r.agency_id`;

async function writeScopeMetrics(c: DuckDBConnection) {
	await c.run(`CREATE OR REPLACE TABLE scope_metrics AS ${SCOPE_METRICS} LIMIT 0`);
	const metrics = (await c.runAndReadAll('SELECT DISTINCT metric FROM metrics ORDER BY metric')).getRowsJS().map(([m]) => String(m));
	for (const metric of metrics) await c.run(`INSERT INTO scope_metrics ${SCOPE_METRICS} WHERE m.metric = $metric ORDER BY r.year`, { metric });
}

/** The other serving tables, each one statement (region_metrics reads scope_metrics, written first). */
const SERVING_TABLES: [name: string, select: string][] = [
	[
		'region_metrics',
		// Summed per agency's own region first, then each sum added to every region containing it.
		`WITH own AS (
			SELECT region, level, year, metric, sum(value) AS value, sum(numerator) AS numerator, sum(denominator) AS denominator, count(*) AS reports
			FROM scope_metrics GROUP BY region, level, year, metric),
		regions AS (SELECT DISTINCT region, string_split(region, '/') AS part FROM own),
		within AS (SELECT region, array_to_string(list_slice(part, 1, k), '/') AS prefix FROM regions, range(1, len(part) + 1) t(k))
		SELECT w.prefix AS region, o.level, o.year, o.metric,
			sum(o.value) AS value, sum(o.numerator) AS numerator, sum(o.denominator) AS denominator, sum(o.reports)::INTEGER AS reports
		FROM own o JOIN within w USING (region) GROUP BY ALL ORDER BY region, level, year, metric`
	],
	[
		'report_list',
		`SELECT r.id, r.agency_id, a.name AS agency, a.region, a.level, r.year, r.template, r.format, r.generated, r.published_date,
			m.value AS new_received, coalesce(w.n, 0)::INTEGER AS warnings, coalesce(x.n, 0)::INTEGER AS alternatives, o.name_order
		FROM reports r JOIN agencies a ON a.id = r.agency_id
		JOIN (SELECT id, dense_rank() OVER (ORDER BY name COLLATE zh)::INTEGER AS name_order FROM agencies) o ON o.id = a.id
		LEFT JOIN metrics m ON m.report_id = r.id AND m.metric = 'new_received'
		LEFT JOIN (SELECT report_id, count(*) AS n FROM report_warnings GROUP BY report_id) w ON w.report_id = r.id
		LEFT JOIN (SELECT report_id, count(*) AS n FROM report_sources WHERE role = 'alternative' GROUP BY report_id) x ON x.report_id = r.id
		ORDER BY r.year, a.region, r.id`
	],
	[
		'scope_findings',
		`SELECT f.id, f.former_id, f.report_id, f.agency_id, f.year, f.rule, f.severity, a.name AS agency, a.region, a.level,
			f.report_id IN (SELECT id FROM reports) AS has_report, CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END AS severity_rank
		FROM findings f JOIN agencies a ON a.id = f.agency_id
		ORDER BY f.year, a.region, f.id`
	],
	[
		'scope_roster',
		`SELECT r.agency_id, r.year, r.owed, r.due, r.status, r.report_id, r.published_date, r.published_source, r.days_late,
			a.name AS agency, a.region, a.level, a.generated, o.name_order,
			CASE r.status WHEN 'missing' THEN 0 WHEN 'late' THEN 1 WHEN 'pending' THEN 2 WHEN 'received' THEN 3 ELSE 4 END AS status_rank
		FROM roster r JOIN agencies a ON a.id = r.agency_id
		JOIN (SELECT id, dense_rank() OVER (ORDER BY name COLLATE zh)::INTEGER AS name_order FROM agencies) o ON o.id = a.id
		ORDER BY r.year, a.region, r.agency_id`
	]
];

/** Every serving table made again from the tables as they now stand. */
export async function writeServingTables(c: DuckDBConnection) {
	await writeScopeMetrics(c);
	for (const [name, select] of SERVING_TABLES) await c.run(`CREATE OR REPLACE TABLE ${name} AS ${select}`);
	await writeTextTables(c);
}
