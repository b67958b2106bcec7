/**
 * National scale, on demand (`npm run bench -- scale`; never part of a plain `npm run bench`'s
 * default figures beyond the generation rate, which takes seconds):
 *
 * - the generator's rate on a national corpus (BENCH_SCALE_AGENCIES, default 2,000 agencies ×
 *   7 years), and what a file costs on disk, so the disk a 1.2-million-report corpus needs;
 * - with BENCH_SCALE_CORPUS=DIR (a corpus of `npm run generate -- --national`): its ingest into
 *   BENCH_SCALE_DB (default DIR.duckdb) in a process of its own — wall time, reports/s, the
 *   load's resident memory at each tenth of the files, and the peaks of the load's and the
 *   checks' processes; the database's size;
 * - with BENCH_SCALE_DB=FILE (built, or an existing one): each page's server time alone, the
 *   first request and the p95 of the next BENCH_SCALE_ROUNDS (default 10), signed in as a
 *   reviewer (/notices needs one), with BENCH_SCALE_REVIEWS (default 5,000) findings reviewed
 *   in the bench's own workbench, against the target of issue #21 (p95 ≤ 300 ms).
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { z } from 'zod';
import { generateCorpus } from '../lib/generate/corpus.js';
import { hashPassword } from '../lib/server/auth/password.js';
import { Host } from '../lib/server/db.js';
import { runCommand } from '../lib/server/workbench/accounts.js';
import { serveApp } from './serve.js';
import { quantile } from './measure.js';
import { BUILD_NODE_FLAGS } from '../lib/ingest/fork.js';

const NATIONAL_REPORTS = 1_200_000;
const PAGE_TARGET_MS = 300;

export async function benchScale(): Promise<string[]> {
	const out = await generationRate();
	const corpus = process.env.BENCH_SCALE_CORPUS;
	const db = process.env.BENCH_SCALE_DB ?? (corpus ? `${path.resolve(corpus)}.duckdb` : undefined);
	if (corpus) out.push(...(await ingestAtScale(corpus, db!)));
	if (db && existsSync(db)) out.push(...(await pagesAtScale(db)));
	else out.push('Pages at scale: set BENCH_SCALE_DB=FILE (a national database) to time them');
	return out;
}

async function generationRate(): Promise<string[]> {
	const agencies = Number(process.env.BENCH_SCALE_AGENCIES ?? 2000);
	const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-bench-scale-'));
	try {
		const t = performance.now();
		const s = await generateCorpus({ out: dir, agencies, years: [2019, 2025], seed: 'bench', national: true });
		const seconds = (performance.now() - t) / 1000;
		const bytes = await folderBytes(dir);
		const perFile = bytes / s.reports;
		return [
			`National corpus generation (${agencies} agencies × 7 years, one process):`,
			`  ${s.reports} files in ${seconds.toFixed(1)} s: ${(s.reports / seconds).toFixed(0)} files/s (1.2 million files: ~${(NATIONAL_REPORTS / (s.reports / seconds) / 60).toFixed(0)} min)`,
			`  ${(perFile / 1024).toFixed(1)} KB a file on disk (4 KB blocks): 1.2 million files need ~${((perFile * NATIONAL_REPORTS) / 1e9).toFixed(1)} GB`
		];
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/** Bytes a folder takes on disk, in 4 KB blocks (what `du` says). */
async function folderBytes(dir: string): Promise<number> {
	let total = 0;
	for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
		if (e.isFile()) total += Math.ceil((await stat(path.join(e.parentPath, e.name))).size / 4096) * 4096;
	}
	return total;
}

const Progress = z.object({ files: z.number(), of: z.number(), seconds: z.number(), rssMb: z.number() });
const Done = z.object({ ingested: z.number(), rejected: z.number(), seconds: z.number(), loadMb: z.number(), checksMb: z.number(), servingMb: z.number() });

async function ingestAtScale(corpus: string, db: string): Promise<string[]> {
	for (const f of [db, `${db}.wal`, `${db}.checked`]) await rm(f, { force: true });
	const stdout = await new Promise<string>((resolve, reject) =>
		execFile(process.execPath, [...BUILD_NODE_FLAGS, '--import', 'tsx', 'src/bench/scale-ingest-child.ts', corpus, db], { maxBuffer: 1 << 20 }, (e, so) =>
			e ? reject(e) : resolve(so)
		)
	);
	const lines = stdout
		.trim()
		.split('\n')
		.map((l) => JSON.parse(l) as unknown);
	const steps = lines.flatMap((l) => Progress.safeParse(l).data ?? []);
	const done = Done.parse(lines.at(-1));
	const size = (await stat(db)).size;
	return [
		`Ingest of ${corpus}, end to end (checks included):`,
		`  ${done.ingested} reports (${done.rejected} rejected) in ${(done.seconds / 60).toFixed(1)} min: ${(done.ingested / done.seconds).toFixed(0)} reports/s`,
		`  peak ${done.loadMb.toFixed(0)} MB load, ${done.checksMb.toFixed(0)} MB checks, ${done.servingMb.toFixed(0)} MB serving tables; database ${(size / 1e9).toFixed(2)} GB (${(size / 1048576 / (done.ingested / 1000)).toFixed(2)} MB per 1,000 reports)`,
		`  load's resident memory by files read: ${steps.map((p) => `${((p.files / p.of) * 100).toFixed(0)}% ${p.rssMb.toFixed(0)} MB`).join(', ')}`
	];
}

/**
 * The pages of issue #21 with an agency, a report and a search term of the database's own, and
 * the heavier variants a national office opens: a level across the whole country, a deep page
 * of the list sorted by a figure, the 缺报 list whole, a province's own page, a text search.
 */
async function pagesOf(db: string): Promise<string[]> {
	const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
	try {
		const c = await instance.connect();
		const one = async (sql: string) => ((await c.runAndReadAll(sql)).getRowsJS() as string[][])[0];
		const [county, report] = await one(
			`SELECT a.id::VARCHAR, max(r.id)::VARCHAR FROM agencies a JOIN reports r ON r.agency_id = a.id WHERE a.level = 'county' GROUP BY a.id ORDER BY a.id LIMIT 1`
		);
		const [province] = (await one(`SELECT id::VARCHAR FROM agencies WHERE level = 'province' ORDER BY id LIMIT 1`)) ?? [county];
		c.closeSync();
		return [
			'/',
			'/compare',
			'/compare?level=township',
			'/anomalies',
			'/anomalies?severity=error',
			'/missing',
			'/missing?all=1',
			'/reports',
			'/reports?years=all&sort=new_received&dir=desc&page=200',
			'/search?q=公安',
			'/search?q=政府信息公开',
			'/search?q=公安&year=all',
			// A term in every report: no bigram of it narrows the search, every row is checked.
			'/search?q=政府信息公开&year=all',
			`/agencies/${province}`,
			`/agencies/${county}`,
			`/reports/${report}`,
			'/notices'
		];
	} finally {
		instance.closeSync();
	}
}

/**
 * Each page alone, twice: as served (answers kept per data generation: the first request runs
 * the queries, the rest are kept), and with every query run on every request
 * (NIANBAO_ANSWER_CACHE_MB=0), which is what a page costs the first reader after an ingest.
 */
async function pagesAtScale(db: string): Promise<string[]> {
	if (!existsSync('build/handler.js')) spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
	const pages = await pagesOf(db);
	const rounds = Number(process.env.BENCH_SCALE_ROUNDS ?? 10);
	const workbench = path.join(mkdtempSync(path.join(tmpdir(), 'nianbao-bench-scale-')), 'workbench.duckdb');
	const h = await Host.open({ workbench, derived: db });
	await runCommand(h, 'bench', { cmd: 'add', username: 'bench', role: 'reviewer', agency_id: null, password_hash: await hashPassword('bench-password') });
	// An office at work has reviewed findings: every findings view joins them.
	const reviews = Math.max(0, Math.floor(Number(process.env.BENCH_SCALE_REVIEWS ?? 5000))) || 0;
	await h.write((c) =>
		c.run(
			`INSERT INTO wb.reviews SELECT row_number() OVER (), f.id, f.agency_id, f.year, f.rule, f.message, 'confirmed', '基准测试', 'bench', now()::TIMESTAMP
			 FROM (SELECT * FROM derived.findings USING SAMPLE ${reviews} ROWS) f`
		)
	);
	h.close();
	const out: string[] = [];
	for (const [label, env] of [
		['answers kept, as served', {}],
		['every query run on every request (NIANBAO_ANSWER_CACHE_MB=0)', { NIANBAO_ANSWER_CACHE_MB: '0' }]
	] as const) {
		out.push(
			`Page server time on ${path.basename(db)} with ${reviews} findings reviewed, ${label}; each page alone, signed in (first request; p95 of ${rounds} more; target p95 ≤ ${PAGE_TARGET_MS} ms):`
		);
		out.push(...(await timePages(db, workbench, pages, rounds, env)));
	}
	return out;
}

async function timePages(db: string, workbench: string, pages: string[], rounds: number, env: NodeJS.ProcessEnv): Promise<string[]> {
	const port = 4330;
	const server = await serveApp(path.resolve(db), port, workbench, env);
	const base = `http://127.0.0.1:${port}`;
	try {
		const login = await fetch(`${base}/api/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'bench', password: 'bench-password' })
		});
		const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0] };
		const out: string[] = [];
		let worst = 0;
		for (const p of pages) {
			const times: number[] = [];
			let status = 0;
			for (let i = 0; i <= rounds; i++) {
				const t = performance.now();
				const res = await fetch(base + encodeURI(p), { headers });
				await res.text();
				times.push(performance.now() - t);
				status = res.status;
			}
			const [first, ...rest] = times;
			const p95 = quantile(
				rest.sort((a, b) => a - b),
				0.95
			);
			worst = Math.max(worst, p95);
			out.push(
				`  ${p.padEnd(56)} first ${first.toFixed(0).padStart(6)} ms   p95 ${p95.toFixed(0).padStart(6)} ms${status === 200 ? '' : `   (HTTP ${status})`}`
			);
		}
		out.push(`  slowest p95 ${worst.toFixed(0)} ms (target ≤ ${PAGE_TARGET_MS} ms: ${worst <= PAGE_TARGET_MS ? 'met' : 'NOT met'})`);
		return out;
	} finally {
		await server.stop();
	}
}
