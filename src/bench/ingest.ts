/**
 * Ingest throughput end to end (read, parse, validate, store) on a generated corpus, the cost
 * of a rerun that finds nothing changed, and the database size per 1,000 reports.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateCorpus } from '../lib/generate/corpus.js';
import { ingest } from '../lib/server/store/ingest.js';

export async function benchIngest(): Promise<string[]> {
	const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-bench-'));
	try {
		const corpus = path.join(dir, 'corpus');
		const agencies = Number(process.env.BENCH_AGENCIES ?? 300);
		const { reports } = await generateCorpus({ out: corpus, agencies, years: [2019, 2025], seed: 'bench' });
		const db = path.join(dir, 'bench.duckdb');
		let t = performance.now();
		const s = await ingest({ paths: [corpus], db });
		const first = (performance.now() - t) / 1000;
		t = performance.now();
		await ingest({ paths: [corpus], db });
		const rerun = (performance.now() - t) / 1000;
		const size = (await stat(db)).size;
		return [
			`Ingest of a generated corpus (${agencies} agencies, ${reports} reports, parser processes: one per core):`,
			`  end to end       ${(s.ingested / first).toFixed(0)} reports/s  (${((first * 1000) / s.ingested).toFixed(2)} ms/report; target ≥ 300/s: ${s.ingested / first >= 300 ? 'met' : 'NOT met'}, ${(s.ingested / first / 300).toFixed(2)}×)`,
			`  rerun, unchanged ${((rerun * 1000) / s.ingested).toFixed(3)} ms/report (hashing only; the database is not rewritten)`,
			`  database size    ${(size / 1048576 / (s.ingested / 1000)).toFixed(2)} MB per 1,000 reports`
		];
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
