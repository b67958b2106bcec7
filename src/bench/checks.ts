/** The time the checks add per 1,000 reports, on a generated corpus already in a database. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateCorpus } from '../lib/generate/corpus.js';
import { ingest } from '../lib/build/ingest.js';
import { runBuildStep } from '../lib/build/build.js';

export async function benchChecks(): Promise<string[]> {
	const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-bench-checks-'));
	try {
		const agencies = Number(process.env.BENCH_AGENCIES ?? 300);
		await generateCorpus({ out: path.join(dir, 'c'), agencies, years: [2019, 2025], seed: 'bench' });
		const db = path.join(dir, 'c.duckdb');
		const { reports: n } = await ingest({ paths: [path.join(dir, 'c')], db, registry: null });
		const t = performance.now();
		const { findings: found } = await runBuildStep(db, 'checks');
		const ms = performance.now() - t;
		return [`Checks (all rules, ${n} reports, ${found} findings): ${((ms / n) * 1000).toFixed(0)} ms per 1,000 reports`];
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
