/**
 * The hostile suite (ingest/hostile.ts): each file parsed in a process of its own, its time and
 * peak memory (the bound: 300 MB); then the ingest over the whole suite, in this process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeHostileSuite } from '../lib/ingest/hostile.js';
import { ingest } from '../lib/build/ingest.js';
import { summaryLine } from '../lib/build/summary.js';

export async function benchHostile(): Promise<string[]> {
	const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-bench-hostile-'));
	try {
		const suite = await writeHostileSuite(path.join(dir, 'suite'));
		const lines = ['hostile suite: one process a file (peak RSS, bound 300 MB)'];
		let worst = 0;
		for (const e of suite.filter((x) => !x.name.startsWith('odd/'))) {
			const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/bench/parse-one.ts', path.join(dir, 'suite', e.name)], { encoding: 'utf8' });
			const m = JSON.parse(out) as { outcome: string; ms: number; peakMb: number };
			worst = Math.max(worst, m.peakMb);
			lines.push(`  ${String(m.peakMb).padStart(4)} MB ${String(m.ms).padStart(6)} ms  ${e.name.padEnd(28)} ${m.outcome}`);
		}
		lines.push(`  worst peak: ${worst} MB`);
		const t0 = performance.now();
		const s = await ingest({ paths: [path.join(dir, 'suite')], db: path.join(dir, 'h.duckdb'), registry: null });
		lines.push(`hostile suite ingest (${suite.length} entries, in process): ${((performance.now() - t0) / 1000).toFixed(1)} s — ${summaryLine(s)}`);
		return lines;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
