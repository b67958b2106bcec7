/**
 * Ingest throughput end to end (read, parse, validate, store, check) on generated corpora: a
 * small batch, where starting the parser processes and the checks' fixed work weigh, and a
 * county-sized one (BENCH_AGENCIES, default 2,000 agencies × 7 years), which is the figure for
 * the target; then the cost of a rerun that finds nothing changed, and the database size per
 * 1,000 reports.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateCorpus } from '../lib/generate/corpus.js';
import { ingest } from '../lib/server/store/ingest.js';

async function run(dir: string, agencies: number): Promise<{ reports: number; seconds: number; rerun: number; size: number }> {
	const corpus = path.join(dir, `corpus-${agencies}`);
	const { reports } = await generateCorpus({ out: corpus, agencies, years: [2019, 2025], seed: 'bench' });
	const db = path.join(dir, `bench-${agencies}.duckdb`);
	let t = performance.now();
	const s = await ingest({ paths: [corpus], db });
	const seconds = (performance.now() - t) / 1000;
	t = performance.now();
	await ingest({ paths: [corpus], db });
	const rerun = (performance.now() - t) / 1000;
	const size = (await stat(db)).size;
	await rm(corpus, { recursive: true, force: true });
	if (s.ingested !== reports) throw new Error(`ingested ${s.ingested} of ${reports} reports`);
	return { reports, seconds, rerun, size };
}

export async function benchIngest(): Promise<string[]> {
	const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-bench-'));
	try {
		const out = ['Ingest of generated corpora, end to end (checks included; parser processes, one per core, from 3,000 files):'];
		const small = await run(dir, 300);
		out.push(`  small batch      ${small.reports} reports: ${(small.reports / small.seconds).toFixed(0)} reports/s (${((small.seconds * 1000) / small.reports).toFixed(2)} ms/report)`);
		const agencies = Number(process.env.BENCH_AGENCIES ?? 2000);
		const big = await run(dir, agencies);
		const rate = big.reports / big.seconds;
		out.push(
			`  ${agencies} agencies   ${big.reports} reports: ${rate.toFixed(0)} reports/s (${((big.seconds * 1000) / big.reports).toFixed(2)} ms/report; target ≥ 300/s: ${rate >= 300 ? 'met' : 'NOT met'}, ${(rate / 300).toFixed(2)}×)`,
			`  rerun, unchanged ${((big.rerun * 1000) / big.reports).toFixed(3)} ms/report (hashing only; the database is not rewritten)`,
			`  database size    ${(big.size / 1048576 / (big.reports / 1000)).toFixed(2)} MB per 1,000 reports`
		);
		return out;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
