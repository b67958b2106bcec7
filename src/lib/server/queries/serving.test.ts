/**
 * The region views read the serving tables written at ingest (build/serving.ts): they must show
 * exactly what the joins of metrics, reports and agencies showed, for the whole country, a
 * province, a city, a county and a level. The references here are those joins, as the queries
 * were written before; the quality ranking's is every report scored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { generateCorpus } from '../../generate/corpus.js';
import { NATION } from '../../generate/nation.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingest } from '../../build/ingest.js';
import { writeServingTables } from '../../build/serving.js';
import { host, query, resetHost } from '../db.js';
import { IN_SCOPE, params, resolveScope, type Scope } from './scope.js';
import { metricTotals, outcomeComposition } from './overview.js';
import { rosterCounts } from './roster.js';
import { metricByYear, outcomesByAgency, ranking, volumeVsDisclosure } from './compare.js';
import { listReports, REPORT_SORTS, type ReportSort } from './reports.js';
import { qualityRanking } from './quality.js';
import { qualityScore } from '../../checks/quality.js';
import { COUNTED, LATEST_REVIEW, NOTE, REVIEWER, STATE, STATE_FILTER, recordReply, recordReview } from '../workbench/reviews.js';
import { countsByRule, findingsInScope } from './findings.js';
import { worstAgencies } from './overview.js';
import { CHART_QUERIES } from '../charts/sources.js';
import { REVIEW_STATES } from '../../review.js';
import { missingCounts, missingMatrix, missingYears } from './missing.js';
import { peers } from './agency.js';
import { SECTION_KEYS } from '../../report/template.js';
import { sqlList } from '../../contract/sql.js';
import { METRICS } from '../../report/metrics.js';

let dir: string;
let scopes: Scope[];

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-serving-'));
	await generateCorpus({ out: path.join(dir, 'n'), agencies: 160, years: [2021, 2024], seed: 'serving', national: true });
	process.env.NIANBAO_DB = path.join(dir, 's.duckdb');
	process.env.NIANBAO_WORKBENCH = path.join(dir, 'wb.duckdb');
	await resetHost();
	await ingest({ paths: [path.join(dir, 'n'), 'data/reports/real/dagan-chagan-2024.txt'], db: process.env.NIANBAO_DB });
	// Warnings and other sources, which generated reports have none of, on some reports; the serving tables made again.
	const instance = await DuckDBInstance.create(process.env.NIANBAO_DB);
	const c = await instance.connect();
	await c.run(`INSERT INTO report_warnings SELECT id, 'w', '提示', NULL FROM reports, range(id % 3) WHERE (id // 10000) % 5 = 0`);
	await c.run(`INSERT INTO report_sources SELECT id, source_path || '.bak', source_sha256, format, 'alternative', 1 FROM reports WHERE (id // 10000) % 7 = 0`);
	await writeServingTables(c);
	c.closeSync();
	instance.closeSync();
	const regions = (await resolveScope({ region: NATION })).regions.map((r) => r.region).filter((r) => r.startsWith(NATION));
	const depth = (n: number) => regions.find((r) => r.split('/').length === n)!;
	// Findings in every state, some with replies: the lists and counts follow the workbench.
	const findings = await rows(`SELECT id, agency_id, year, rule, message FROM findings ORDER BY id`, {});
	const h = await host();
	await h.write(async (c) => {
		for (const [k, f] of findings.entries()) {
			if (k % 3 === 0) await recordReview(c, 'tester', f as never, REVIEW_STATES[(k / 3) % REVIEW_STATES.length], '核实');
			if (k % 4 === 0) await recordReply(c, 'agency', f as never, '说明');
		}
	});
	scopes = await Promise.all([
		resolveScope({ region: NATION }),
		resolveScope({ region: depth(2), year: 2022 }),
		resolveScope({ region: depth(3), level: 'department' }),
		resolveScope({ region: depth(4), year: 2023 }),
		resolveScope({ region: NATION, level: 'township', year: 2021 }),
		resolveScope({ region: '吉林省' })
	]);
}, 120_000);
afterAll(async () => {
	await resetHost();
	delete process.env.NIANBAO_DB;
	delete process.env.NIANBAO_WORKBENCH;
	await rm(dir, { recursive: true, force: true });
});

const rows = (sql: string, p: Record<string, string | number | boolean>) => query(z.record(z.string(), z.unknown()), sql, p);
const JOINED = 'metrics m JOIN reports r ON r.id = m.report_id JOIN agencies a ON a.id = r.agency_id';

describe('views read from the serving tables', () => {
	it('the region selector is that of the joins: every prefix of every region, its reports, whether generated', async () => {
		const expected = await rows(
			`WITH r AS (SELECT a.region, a.generated, count(*) AS n FROM reports rp JOIN agencies a ON a.id = rp.agency_id GROUP BY ALL),
			      p AS (SELECT array_to_string(list_slice(string_split(region, '/'), 1, k), '/') AS region, generated, n
			            FROM r, range(1, len(string_split(region, '/')) + 1) t(k))
			 SELECT region, sum(n)::INTEGER AS reports, bool_or(generated) AS generated FROM p GROUP BY region ORDER BY region`,
			{}
		);
		expect(expected.length).toBeGreaterThan(3);
		const shown = (await resolveScope({ region: scopes[0].region })).regions;
		for (const r of shown) expect(r, r.region).toEqual(expected.find((e) => e.region === r.region));
	});

	it('scope_metrics lies on disk by metric, then year: what its zone maps skip a region view by', async () => {
		const [order] = await rows(
			`WITH s AS (SELECT metric, year, lag(metric) OVER w AS before_metric, lag(year) OVER w AS before_year
			            FROM scope_metrics WINDOW w AS (ORDER BY rowid))
			 SELECT count(DISTINCT metric)::INTEGER AS metrics, count(DISTINCT year)::INTEGER AS years,
			        count(*) FILTER (WHERE metric < before_metric OR (metric = before_metric AND year < before_year))::INTEGER AS out_of_order
			 FROM s`,
			{}
		);
		expect(order).toEqual({ metrics: METRICS.length, years: 4, out_of_order: 0 });
	});

	it('the scopes are of every depth, and hold reports', () => {
		expect(scopes.map((s) => s.region.split('/').length)).toEqual([1, 2, 3, 4, 1, 1]);
		expect(scopes.every((s) => s.regions.find((r) => r.region === s.region)!.reports > 0)).toBe(true);
	});

	it('totals, counts and the outcome composition are those of the joins', async () => {
		for (const s of scopes) {
			const sums = await rows(
				`SELECT r.year, m.metric, sum(m.value)::DOUBLE AS value, sum(m.numerator)::DOUBLE AS numerator, sum(m.denominator)::DOUBLE AS denominator,
				        count(*)::INTEGER AS reports FROM ${JOINED} WHERE ${IN_SCOPE} GROUP BY ALL`,
				params(s)
			);
			const totals = await metricTotals(s);
			for (const year of s.years) {
				const t = totals.find((x) => x.year === year)!;
				for (const def of METRICS) {
					const row = sums.find((x) => x.year === year && x.metric === def.key);
					const expected = !row
						? null
						: def.kind === 'count'
							? row.numerator
							: row.numerator !== null && row.denominator
								? Number(row.numerator) / Number(row.denominator)
								: null;
					expect(t[def.key], `${s.region} ${year} ${def.key}`).toBe(expected);
				}
			}
			const outcomes = await outcomeComposition(s);
			for (const o of outcomes) {
				const row = sums.find((x) => x.year === s.year && x.metric === `outcome_${o.group}`);
				expect(o.value).toBe(row?.value ?? 0);
			}
			const [received] = await rows(
				`SELECT count(*)::INTEGER AS n FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE r.year = $year AND ${IN_SCOPE}`,
				params(s)
			);
			expect((await rosterCounts(s)).received).toBe(received.n);
		}
	});

	it('rankings, the heatmap and the scatter are those of the joins', async () => {
		for (const s of scopes) {
			for (const metric of ['new_received', 'disclosure_rate']) {
				const all = await rows(
					`SELECT a.id AS agency_id, a.name, a.level, r.id AS report_id, m.value, m.numerator, m.denominator FROM ${JOINED}
					 WHERE m.metric = $metric AND r.year = $year AND ${IN_SCOPE}
					 ORDER BY (denominator IS NOT NULL AND denominator < 30), value DESC NULLS LAST, name`,
					params(s, { metric })
				);
				const got = await ranking(s, metric, 1000);
				expect(got.rows).toEqual(all);
				expect(got.total).toBe(all.length);
			}
			const heat = await rows(
				`WITH chosen AS (SELECT a.id FROM ${JOINED} WHERE m.metric = 'new_received' AND r.year = $year AND ${IN_SCOPE} ORDER BY m.value DESC NULLS LAST, a.id LIMIT 1000)
				 SELECT a.id AS agency_id, a.name, r.year, m.value FROM ${JOINED} WHERE m.metric = 'review_rate' AND a.id IN (SELECT id FROM chosen) ORDER BY a.name, r.year`,
				params(s)
			);
			expect(await metricByYear(s, 'review_rate', 1000)).toEqual(heat);
			const scatter = await rows(
				`SELECT a.id AS agency_id, a.name, max(m.value) FILTER (WHERE m.metric = 'new_received') AS received,
				        max(m.value) FILTER (WHERE m.metric = 'disclosure_rate') AS rate, max(m.denominator) FILTER (WHERE m.metric = 'disclosure_rate') AS base
				 FROM ${JOINED} WHERE r.year = $year AND ${IN_SCOPE} GROUP BY ALL`,
				params(s)
			);
			const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => Number(a.agency_id) - Number(b.agency_id);
			expect([...(await volumeVsDisclosure(s))].sort(byId)).toEqual([...scatter].sort(byId));
			const outcomes = await rows(
				`SELECT a.id AS agency_id, m.metric, m.value FROM ${JOINED} WHERE m.metric LIKE 'outcome_%' AND r.year = $year AND ${IN_SCOPE}
				 AND r.id IN (SELECT report_id FROM metrics WHERE metric = 'total_processed' AND value > 0)`,
				params(s)
			);
			for (const a of await outcomesByAgency(s, 1000)) {
				for (const [g, v] of Object.entries(a.groups))
					expect(v).toBe(outcomes.find((o) => o.agency_id === a.agency_id && o.metric === `outcome_${g}`)?.value ?? 0);
			}
		}
	});

	it('the reports list is that of the joins, by every sort, and its count', async () => {
		// Rows compared on page 2, by sort: a scope too small for a second page compares nothing.
		const paged = new Map<string, number>();
		for (const s of scopes) {
			for (const [sort, allYears, dirOf] of [
				['agency', false],
				['new_received', true],
				['warnings', false],
				['published', true],
				['level', true],
				['year', true],
				['agency', true, 'ASC']
			] as [ReportSort, boolean, ('ASC' | 'DESC')?][]) {
				const dir = dirOf ?? 'DESC';
				const order = `${REPORT_SORTS[sort]} ${dir} NULLS LAST, p.name_order, p.year, p.id`;
				const expected = await rows(
					`WITH picked AS (SELECT r.*, a.name AS agency, a.region, a.level, o.name_order FROM reports r JOIN agencies a ON a.id = r.agency_id
					   JOIN (SELECT id, dense_rank() OVER (ORDER BY name COLLATE zh)::INTEGER AS name_order FROM agencies) o ON o.id = a.id
					   WHERE ${IN_SCOPE} AND ($all OR r.year = $year)),
					 listed AS (SELECT p.*, m.value AS new_received,
					   (SELECT count(*) FROM report_warnings w WHERE w.report_id = p.id)::INTEGER AS warnings,
					   (SELECT count(*) FROM report_sources x WHERE x.report_id = p.id AND x.role = 'alternative')::INTEGER AS alternatives
					   FROM picked p LEFT JOIN metrics m ON m.report_id = p.id AND m.metric = 'new_received')
					 SELECT p.id, p.agency_id, p.agency, p.region, p.level, p.year, p.template, p.format, p.generated, p.published_date, p.new_received, p.warnings, p.alternatives
					 FROM listed p ORDER BY ${order} LIMIT 50 OFFSET 50`,
					params(s, { all: allYears })
				);
				const got = await listReports(s, { allYears, sort, descending: dir === 'DESC', page: 2 });
				expect(got.rows, `${s.region} ${sort}`).toEqual(expected);
				paged.set(`${sort} ${dir}`, (paged.get(`${sort} ${dir}`) ?? 0) + expected.length);
				const [count] = await rows(
					`SELECT count(*)::INTEGER AS n FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE ${IN_SCOPE} AND ($all OR r.year = $year)`,
					params(s, { all: allYears })
				);
				expect(got.total).toBe(count.n);
			}
		}
		for (const [sort, n] of paged) expect(n, sort).toBeGreaterThan(0);
	});

	it('the 缺报 summary, years and matrix are those of the joins', async () => {
		let seen = 0;
		for (const s of scopes) {
			const gaps = `SELECT f.agency_id, f.year FROM findings f JOIN agencies a ON a.id = f.agency_id WHERE f.rule = 'missing_report' AND ${IN_SCOPE}`;
			const [expected] = await rows(
				`WITH gaps AS (${gaps}) SELECT (SELECT count(*) FROM agencies a WHERE ${IN_SCOPE})::INTEGER AS agencies,
				 (SELECT count(DISTINCT agency_id) FROM gaps)::INTEGER AS with_gaps, (SELECT count(*) FROM gaps)::INTEGER AS missing`,
				params(s)
			);
			expect(await missingCounts(s), s.region).toEqual(expected);
			const gapYears = (await rows(`SELECT DISTINCT year FROM (${gaps})`, params(s))).map((r) => Number(r.year));
			const years = await missingYears(s);
			expect(years).toEqual([...new Set([...s.years, ...gapYears])].sort((a, b) => a - b));
			const missing = (await missingMatrix(s, years, true, 100000)).filter((c) => c.status === 'missing').length;
			expect(missing).toBe(expected.missing);
			seen += missing;
		}
		expect(seen).toBeGreaterThan(0);
	});

	it('an agency’s peers and their latest 新收申请 are those of the joins', async () => {
		const some = await query(z.object({ id: z.number() }), `SELECT id FROM agencies WHERE id IN (SELECT agency_id FROM reports) ORDER BY hash(id) LIMIT 12`);
		let withValues = 0;
		for (const { id } of some) {
			const expected = await rows(
				`WITH me AS (SELECT level, region FROM agencies WHERE id = $id)
				 SELECT a.id, a.name, (SELECT m.value FROM reports r JOIN metrics m ON m.report_id = r.id AND m.metric = 'new_received'
				                       WHERE r.agency_id = a.id AND m.value IS NOT NULL ORDER BY r.year DESC LIMIT 1) AS received,
				        (SELECT max(r.year) FROM reports r JOIN metrics m ON m.report_id = r.id AND m.metric = 'new_received'
				                       WHERE r.agency_id = a.id AND m.value IS NOT NULL) AS year
				 FROM agencies a, me WHERE a.level = me.level AND a.region = me.region AND a.id <> $id ORDER BY a.name LIMIT 30`,
				{ id }
			);
			const got = await peers(id);
			expect(got, String(id)).toEqual(expected);
			withValues += got.filter((p) => p.received !== null).length;
		}
		expect(withValues).toBeGreaterThan(0);
	});

	it('the text searched is every section with text, its report’s year beside it, stored in the order of hits', async () => {
		const Sec = z.object({ n: z.number(), year: z.number().int(), report_id: z.number(), section: z.string(), text: z.string() });
		// Real reports first, the latest year, the agency in Chinese order, the template's sections in turn;
		// a row's number is its report's and its section's place.
		const position = `list_position(${sqlList(SECTION_KEYS)}, s.section)`;
		const expected = await query(
			Sec,
			`SELECT s.report_id * 8 + ${position} AS n, r.year, s.report_id, s.section, s.text
			 FROM report_sections s JOIN reports r ON r.id = s.report_id JOIN agencies a ON a.id = r.agency_id WHERE s.text <> ''
			 ORDER BY r.generated, r.year DESC, a.name COLLATE zh, r.id, ${position}`
		);
		expect(expected.length).toBeGreaterThan(100);
		// Stored in that order: a page of hits is read from a few row groups, and a year's search reads its own.
		expect(await query(Sec, `SELECT n, year, report_id, section, text FROM scope_text ORDER BY rowid`)).toEqual(expected);
	});

	it('the quality ranking is the top of every report scored, best first', async () => {
		for (const s of scopes) {
			const reports = await query(
				z.object({ report_id: z.number(), agency_id: z.number(), name: z.string() }),
				`SELECT r.id AS report_id, r.agency_id, a.name FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE r.year = $year AND ${IN_SCOPE}`,
				params(s)
			);
			const standing = await rows(`SELECT f.report_id, f.rule, f.severity FROM findings f ${LATEST_REVIEW} WHERE f.year = $year AND ${COUNTED}`, params(s));
			const scored = reports
				.map((r) => ({ ...r, score: qualityScore(standing.filter((f) => f.report_id === r.report_id) as never) }))
				.sort((a, b) => b.score.total - a.score.total || a.name.localeCompare(b.name, 'zh-CN'));
			const perfect = scored.filter((r) => r.score.total === 100).length;
			// The cut falls among the reports scoring 100, just past them, and past the end.
			for (const limit of [3, perfect, perfect + 2, scored.length + 5].filter((n) => n > 0)) {
				expect(await qualityRanking(s, limit), `${s.region} top ${limit}`).toEqual(scored.slice(0, limit));
			}
			expect(perfect > 0 && perfect < scored.length, s.region).toBe(s.region !== '吉林省');
		}
	});

	it('findings lists and counts are those of the joins, in every state', async () => {
		for (const s of scopes) {
			for (const state of ['', 'all', 'confirmed', 'dismissed']) {
				for (const [rule, severity, limit] of [
					['', '', 500],
					['', 'warning', 7],
					['carry_over', '', 500]
				] as const) {
					const expected = await rows(
						`SELECT f.id, f.report_id, f.agency_id, a.name AS agency, f.year, f.rule, f.severity, f.message, f.cells,
						   EXISTS (SELECT 1 FROM reports rp WHERE rp.id = f.report_id) AS has_report, ${STATE} AS state, ${NOTE} AS note, ${REVIEWER} AS reviewer,
						   (SELECT count(*) FROM wb.replies rp WHERE rp.finding_id = f.id OR rp.finding_id = f.former_id)::INTEGER AS replies
						 FROM findings f JOIN agencies a ON a.id = f.agency_id ${LATEST_REVIEW}
						 WHERE f.year = $year AND ${IN_SCOPE} AND ($rule = '' OR f.rule = $rule) AND ($severity = '' OR f.severity = $severity) AND ${STATE_FILTER}
						 ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, a.name, f.rule, f.id LIMIT $limit`,
						params(s, { rule, severity, state, limit })
					);
					const got = await findingsInScope(s, { rule, severity, state, limit }, { notes: true });
					expect(
						got.map((f) => ({ ...f, cells: JSON.stringify(f.cells) })),
						`${s.region} ${state} ${rule} ${severity}`
					).toEqual(expected.map((f) => ({ ...f, cells: JSON.stringify(JSON.parse(String(f.cells))) })));
				}
			}
			const byRule = async (counted: string) =>
				rows(
					`SELECT f.rule, f.severity, count(*)::INTEGER AS n FROM findings f JOIN agencies a ON a.id = f.agency_id ${LATEST_REVIEW}
					 WHERE f.year = $year AND ${IN_SCOPE} AND ${counted} GROUP BY ALL ORDER BY n DESC, f.rule, f.severity`,
					params(s)
				);
			const sorted = <T extends { rule: string; severity: string; n: number }>(xs: T[]) =>
				[...xs].sort((a, b) => b.n - a.n || a.rule.localeCompare(b.rule) || a.severity.localeCompare(b.severity));
			expect(sorted(await countsByRule(s, true))).toEqual(await byRule('true'));
			expect(sorted(await countsByRule(s))).toEqual(await byRule(COUNTED));
			expect(sorted(await CHART_QUERIES.findingsByRule(s))).toEqual(await byRule(COUNTED));
			const worst = await rows(
				`SELECT a.id AS agency_id, a.name, count(*) FILTER (WHERE f.severity = 'error')::INTEGER AS errors, count(*) FILTER (WHERE f.severity = 'warning')::INTEGER AS warnings
				 FROM findings f JOIN agencies a ON a.id = f.agency_id ${LATEST_REVIEW}
				 WHERE f.year = $year AND ${IN_SCOPE} AND ${COUNTED} GROUP BY ALL HAVING errors + warnings > 0 ORDER BY errors DESC, warnings DESC, a.name LIMIT 10`,
				params(s)
			);
			expect((await worstAgencies(s)).map(({ report_id: _r, ...w }) => w)).toEqual(worst);
			const [missing] = await rows(
				`SELECT count(*)::INTEGER AS n FROM findings f JOIN agencies a ON a.id = f.agency_id WHERE f.rule = 'missing_report' AND f.year = $year AND ${IN_SCOPE}`,
				params(s)
			);
			expect((await rosterCounts(s)).missing).toBe(missing.n);
		}
	});
});
