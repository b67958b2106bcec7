/**
 * /search's queries: agencies by name and by pinyin, and the reports' text (narrowed by its
 * bigram index, build/text-index.ts, or every row checked when no bigram narrows) — on the
 * default database, on BENCH_LARGE_DB when it names one, and on a database of 140,000 reports
 * made here whose sections hold the real reports' text (replicated: generated reports have a
 * line or two per section, a real one 1,500–4,500 characters, so the scan is measured on text
 * of a real report's length).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { resetHost } from '../lib/server/db.js';
import { searchAgencies, searchText, textYears } from '../lib/server/queries/search.js';
import { writeServingTables } from '../lib/build/serving.js';
import { quantile } from './measure.js';

const QUERIES: [string, () => Promise<unknown>][] = [
	['agencies「huaian」(pinyin)', () => searchAgencies('huaian')],
	['agencies「hzq」(initials)', () => searchAgencies('hzq')],
	['agencies「公安」(name)', () => searchAgencies('公安')],
	['text「行政复议」page 1, every year', () => searchText('行政复议')],
	['text「依申请公开」page 5, every year', () => searchText('依申请公开', 5)],
	['text nothing found, every year', () => searchText('没有这样的一句话')],
	['text「平潭综合实验区」page 1, every year', () => searchText('平潭综合实验区')],
	// In (nearly) every report: no bigram of it narrows the search, every row is checked.
	['text「政府信息公开」page 1, every year', () => searchText('政府信息公开')],
	// What /search does by default: the latest year's text only (its rows' groups alone are read).
	['text「行政复议」page 1, latest year', async () => searchText('行政复议', 1, (await textYears()).at(-1) ?? null)],
	['text nothing found, latest year', async () => searchText('没有这样的一句话', 1, (await textYears()).at(-1) ?? null)]
];

/** Reports of the text-volume database: about a province's (137,000). */
const VOLUME_REPORTS = 140_000;

async function timeQueries(db: string, rounds: number): Promise<string[]> {
	process.env.NIANBAO_DB = db;
	// Each query run, not its kept answer (server/answers.ts): what the first reader of a term waits.
	process.env.NIANBAO_ANSWER_CACHE_MB = '0';
	await resetHost();
	const out: string[] = [];
	for (const [label, run] of QUERIES) {
		const times: number[] = [];
		try {
			for (let i = 0; i < rounds + 2; i++) {
				const t = performance.now();
				await run();
				if (i >= 2) times.push(performance.now() - t);
			}
		} catch (e) {
			out.push(`  ${label.padEnd(34)} failed: ${(e as Error).message.split('\n')[0]}`);
			continue;
		}
		times.sort((a, b) => a - b);
		out.push(`  ${label.padEnd(34)} median ${quantile(times, 0.5).toFixed(1).padStart(7)} ms   p95 ${quantile(times, 0.95).toFixed(1).padStart(7)} ms`);
	}
	return out;
}

/** The default database with VOLUME_REPORTS more reports, each with the sections of a real report (in turn). */
async function textVolumeDb(source: string, dir: string): Promise<{ db: string; chars: number; grams: number }> {
	const db = path.join(dir, 'text-volume.duckdb');
	copyFileSync(source, db);
	const instance = await DuckDBInstance.create(db);
	const c = await instance.connect();
	try {
		await c.run(`CREATE TEMP TABLE real_text AS SELECT (row_number() OVER (ORDER BY report_id) - 1)::INTEGER AS k, report_id
			FROM (SELECT DISTINCT s.report_id FROM report_sections s JOIN reports r ON r.id = s.report_id WHERE NOT r.generated AND s.text IS NOT NULL)`);
		const n = Number((await c.runAndReadAll('SELECT count(*) FROM real_text')).getRows()[0][0]);
		if (!n) throw new Error('no real report text to replicate');
		const agencies = VOLUME_REPORTS / 7;
		await c.run(`INSERT INTO agencies (id, name, level, parent_id, region, generated, needs_review, aliases, pinyin, initials, first_year, last_year)
			SELECT 900000 + i, '文本量测试单位' || i, 'department', NULL, '示例省/文本量', true, false, NULL, 'wenbenliangceshidanwei' || i, 'wblcsdw' || i, NULL, NULL
			FROM range(${agencies}) t(i)`);
		await c.run(`INSERT INTO reports (id, agency_id, year, template, title, agency_name, source_path, source_sha256, format, generated, published_date, published_source)
			SELECT (900000 + i // 7) * 10000 + 2019 + i % 7, 900000 + i // 7, 2019 + i % 7, '2021', NULL, '文本量测试单位' || (i // 7), '', '', 'txt', true, NULL, NULL
			FROM range(${VOLUME_REPORTS}) t(i)`);
		await c.run(`INSERT INTO report_sections SELECT (900000 + i // 7) * 10000 + 2019 + i % 7, s.section, s.text
			FROM range(${VOLUME_REPORTS}) t(i) JOIN real_text ON real_text.k = i % ${n} JOIN report_sections s ON s.report_id = real_text.report_id`);
		// As an ingest ends: the serving tables (the text and its index among them) made from the tables.
		await writeServingTables(c);
		await c.run('CHECKPOINT');
		const [chars, grams] = (await c.runAndReadAll('SELECT (SELECT sum(length(text)) FROM report_sections), (SELECT count(*) FROM text_grams)')).getRows()[0];
		return { db, chars: Number(chars), grams: Number(grams) };
	} finally {
		c.closeSync();
		instance.closeSync();
	}
}

export async function benchSearch(): Promise<string[]> {
	const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-bench-search-'));
	process.env.NIANBAO_WORKBENCH = path.join(dir, 'workbench.duckdb');
	const source = path.resolve('data/nianbao.duckdb');
	const out: string[] = [];
	try {
		if (!existsSync(source)) return [`Search: ${source} missing (run npm start or npm run ingest first)`];
		out.push(`Search queries on the default database (${path.basename(source)}; median and p95 of 10):`);
		out.push(...(await timeQueries(source, 10)));
		const large = process.env.BENCH_LARGE_DB;
		if (large && existsSync(large)) {
			out.push(`Search queries on the large database (${path.basename(large)}):`);
			out.push(...(await timeQueries(path.resolve(large), 5)));
		}
		const t = performance.now();
		const volume = await textVolumeDb(source, dir);
		out.push(
			`Search queries on ${VOLUME_REPORTS.toLocaleString('en')} more reports of real-report text (${(volume.chars / 1e6).toFixed(0)} M characters, ${(volume.grams / 1e6).toFixed(0)} M rows of the bigram index; made in ${((performance.now() - t) / 1000).toFixed(1)} s):`
		);
		out.push(...(await timeQueries(volume.db, 5)));
	} finally {
		await resetHost();
		rmSync(dir, { recursive: true, force: true });
	}
	return out;
}
