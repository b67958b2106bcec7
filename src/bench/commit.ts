/**
 * A commit at a province's scale (issue #31: one report in ≤ 5 s at ~137,000 reports): a
 * generated province (20,000 agencies × 2019–2025) built once and kept in the system's temporary
 * folder under a key of the code that builds it (another version of the readers, the checks or
 * the tables builds another; `BENCH_COMMIT_DIR` keeps it elsewhere); then, on a copy, one report
 * committed five times (each a real report moved to a year of its own) and ten in one commit,
 * each as the server commits an upload: a job of its own (build/ingest-process.ts) given only its
 * files. Building the province takes ~10 minutes the first time (two cores).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateCorpus } from '../lib/generate/corpus.js';
import { codeVersions } from '../lib/build/versions.js';
import { jobOutcome, startJob } from '../lib/build/jobs.js';
import type { IngestStage } from '../lib/upload/stage.js';
import { quantile } from './measure.js';

const AGENCIES = 20_000;
const YEARS: [number, number] = [2019, 2025];
const TARGET_S = 5;
const INGEST_JOB = path.resolve('src/lib/build/ingest-process.ts');

/** The province's folder: its corpus (kept while the generator's settings are the same), and its database as the code of this checkout builds it. */
function provinceDir(): { dir: string; dbName: string } {
	const v = codeVersions();
	const key = createHash('sha256')
		.update(JSON.stringify([v.schema, v.readers, v.checks]))
		.digest('hex')
		.slice(0, 12);
	const dir = process.env.BENCH_COMMIT_DIR ?? path.join(tmpdir(), `nianbao-bench-province-${AGENCIES}-${YEARS.join('-')}`);
	return { dir, dbName: `province-${key}.duckdb` };
}

interface Timed {
	seconds: number;
	/** Seconds from the start to each stage's start. */
	stages: Partial<Record<IngestStage['stage'], number>>;
}

/** An ingest job, timed by stage. */
async function ingestJob(args: string[]): Promise<Timed> {
	const t = performance.now();
	const stages: Timed['stages'] = {};
	await jobOutcome<string, IngestStage>(startJob(INGEST_JOB, args), (s) => (stages[s.stage] ??= (performance.now() - t) / 1000));
	return { seconds: (performance.now() - t) / 1000, stages };
}

async function province({ dir, dbName }: { dir: string; dbName: string }): Promise<{ corpus: string; db: string }> {
	const corpus = path.join(dir, 'corpus');
	const db = path.join(dir, dbName);
	if (existsSync(db)) return { corpus, db };
	const made = path.join(dir, 'corpus.made');
	if (!existsSync(made)) {
		rmSync(dir, { recursive: true, force: true });
		await generateCorpus({ out: corpus, agencies: AGENCIES, years: YEARS, seed: 'bench-commit' });
		writeFileSync(made, new Date().toISOString() + '\n');
	}
	// Databases of other code are of no use any more.
	for (const name of readdirSync(dir)) if (name.startsWith('province-') && name !== dbName) rmSync(path.join(dir, name), { force: true });
	await ingestJob(['--db', `${db}.building`, corpus]);
	copyFileSync(`${db}.building`, db);
	for (const left of ['', '.checked']) rmSync(`${db}.building${left}`, { force: true });
	return { corpus, db };
}

/** Real text reports, each moved to a year no report has (2040 on), as an upload stores them. */
function realReports(into: string, n: number, firstYear: number): string[] {
	const dir = 'data/reports/real';
	const names = readdirSync(dir)
		.filter((f) => /-(\d{4})\.txt$/.test(f))
		.sort();
	mkdirSync(into, { recursive: true });
	return Array.from({ length: n }, (_, i) => {
		const name = names[i % names.length];
		const year = /-(\d{4})\./.exec(name)![1];
		const to = firstYear + i;
		const file = path.join(into, name.replace(year, String(to)));
		writeFileSync(file, readFileSync(path.join(dir, name), 'utf8').replaceAll(`${year}年`, `${to}年`));
		return file;
	});
}

const stagesOf = (t: Timed) => {
	const { checking = t.seconds, writing = t.seconds } = t.stages;
	return `reading ${checking.toFixed(1)} s, checking ${(writing - checking).toFixed(1)} s, writing ${(t.seconds - writing).toFixed(1)} s`;
};

export async function benchCommit(): Promise<string[]> {
	const where = provinceDir();
	const dir = where.dir;
	const { corpus, db } = await province(where);
	const work = path.join(dir, 'work');
	rmSync(work, { recursive: true, force: true });
	mkdirSync(work);
	const copy = path.join(work, 'db.duckdb');
	copyFileSync(db, copy);
	const uploads = path.join(work, 'uploads');
	const commit = (files: string[]) => ingestJob(['--db', copy, ...files.flatMap((f) => ['--only', f]), corpus, uploads]);
	try {
		const singles: Timed[] = [];
		for (const file of realReports(uploads, 5, 2040)) singles.push(await commit([file]));
		const batch = await commit(realReports(uploads, 10, 2050));
		const one = quantile(
			singles.map((s) => s.seconds).sort((a, b) => a - b),
			0.5
		);
		const fastest = singles.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
		return [
			`Commit at a province's scale (${AGENCIES} generated agencies, ${YEARS.join('–')}; ${dir}):`,
			`  one report: ${one.toFixed(1)} s median of ${singles.length} (${singles.map((s) => s.seconds.toFixed(1)).join(', ')}) — target ≤ ${TARGET_S} s: ${one <= TARGET_S ? 'met' : 'NOT met'}`,
			`    the fastest: ${stagesOf(fastest)}`,
			`  ten reports in one commit: ${batch.seconds.toFixed(1)} s (${(batch.seconds / 10).toFixed(1)} s a report; ${stagesOf(batch)})`
		];
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}
