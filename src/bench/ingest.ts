/**
 * Ingest end to end (read, parse, validate, store, check) on generated corpora, each ingest in a
 * process of its own (src/bench/ingest-child.ts):
 * - throughput on a small batch, where starting the parser processes and the checks' fixed work
 *   weigh, and on a county-sized one (BENCH_AGENCIES, default 2,000 agencies × 7 years), which is
 *   the figure for the target; then a rerun that finds nothing changed, and the size on disk;
 * - memory: the peaks of the load's process and of the checks' (a process of their own from
 *   3,000 reports) at two sizes (BENCH_AGENCIES and BENCH_MEMORY_AGENCIES, default 5,000).
 *   DuckDB's buffer is set small (64 MB) for these two runs; even so, at 13,706 reports DuckDB
 *   uses only ~45 MB of it (traced with duckdb_memory()), so the load's rise between these two
 *   sizes is partly DuckDB filling its buffer and V8 warming up. At province scale (137k → 274k
 *   reports, DuckDB at 256 MB, its default then) either process peaked 6% higher (issue #4's note).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { generateCorpus } from '../lib/generate/corpus.js';
import { BUILD_NODE_FLAGS } from '../lib/ingest/fork.js';

const Run = z.object({ ingested: z.number(), seconds: z.number(), rerunSeconds: z.number(), loadMb: z.number(), checksMb: z.number(), servingMb: z.number() });
type Run = z.infer<typeof Run> & { size: number };

const BENCH_BUFFER = '64MB';

async function ingestApart(corpus: string, db: string, memory?: string): Promise<Run> {
	const { stdout } = await promisify(execFile)(process.execPath, [...BUILD_NODE_FLAGS, '--import', 'tsx', 'src/bench/ingest-child.ts', corpus, db], {
		env: { ...process.env, ...(memory ? { NIANBAO_INGEST_MEMORY: memory } : {}) },
		maxBuffer: 1 << 20
	});
	const run = Run.parse(JSON.parse(stdout.trim().split('\n').at(-1)!));
	const size = (await stat(db)).size;
	await rm(db, { force: true });
	return { ...run, size };
}

export async function benchIngest(): Promise<string[]> {
	const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-bench-'));
	const corpus = async (agencies: number) => {
		const out = path.join(dir, `corpus-${agencies}`);
		const { reports } = await generateCorpus({ out, agencies, years: [2019, 2025], seed: 'bench' });
		return { out, reports };
	};
	const perSecond = (r: Run) => r.ingested / r.seconds;
	try {
		const out = ['Ingest of generated corpora, end to end (checks included; parser processes, one per core, from 3,000 files):'];
		const small = await corpus(300);
		const s = await ingestApart(small.out, path.join(dir, 'small.duckdb'));
		out.push(`  small batch      ${s.ingested} reports: ${perSecond(s).toFixed(0)} reports/s (${((s.seconds * 1000) / s.ingested).toFixed(2)} ms/report)`);

		const agencies = Number(process.env.BENCH_AGENCIES ?? 2000);
		const big = await corpus(agencies);
		const b = await ingestApart(big.out, path.join(dir, 'big.duckdb'));
		if (b.ingested !== big.reports) throw new Error(`ingested ${b.ingested} of ${big.reports} reports`);
		const rate = perSecond(b);
		out.push(
			`  ${agencies} agencies   ${b.ingested} reports: ${rate.toFixed(0)} reports/s (${((b.seconds * 1000) / b.ingested).toFixed(2)} ms/report; target ≥ 300/s: ${rate >= 300 ? 'met' : 'NOT met'}, ${(rate / 300).toFixed(2)}×); peak ${b.loadMb.toFixed(0)} MB load, ${b.checksMb.toFixed(0)} MB checks, ${b.servingMb.toFixed(0)} MB serving tables`,
			`  rerun, unchanged ${((b.rerunSeconds * 1000) / b.ingested).toFixed(3)} ms/report (every file hashed and compared in SQL, in a copy of the database that is then dropped)`,
			`  database size    ${(b.size / 1048576 / (b.ingested / 1000)).toFixed(2)} MB per 1,000 reports`
		);

		const more = Number(process.env.BENCH_MEMORY_AGENCIES ?? 5000);
		const m1 = await ingestApart(big.out, path.join(dir, 'm1.duckdb'), BENCH_BUFFER);
		await rm(big.out, { recursive: true, force: true });
		const larger = await corpus(more);
		const m2 = await ingestApart(larger.out, path.join(dir, 'm2.duckdb'), BENCH_BUFFER);
		const growth = (of: 'loadMb' | 'checksMb' | 'servingMb') => {
			const perThousand = ((m2[of] - m1[of]) / (m2.ingested - m1.ingested)) * 1000;
			return `${m1[of].toFixed(0)} MB → ${m2[of].toFixed(0)} MB, ${(m2[of] / m1[of]).toFixed(2)}× (${perThousand.toFixed(2)} MB per 1,000 more reports)`;
		};
		out.push(
			`Ingest memory, peak of each process (parser processes apart; DuckDB's buffer ${BENCH_BUFFER}, not yet full at the smaller size), ${m1.ingested} → ${m2.ingested} reports (${(m2.ingested / m1.ingested).toFixed(2)}×):`,
			`  load   ${growth('loadMb')}`,
			`  checks ${growth('checksMb')}`,
			`  serving tables ${growth('servingMb')}`
		);
		return out;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
