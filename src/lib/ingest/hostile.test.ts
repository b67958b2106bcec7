/**
 * The hostile suite (hostile.ts), generated afresh: every file costs a rejection with its code,
 * or is read, within the bounds (bounds.ts): each parsed in a process of its own peaks under
 * 300 MB; the ingest over the whole suite ends within a minute with every entry accounted for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeHostileSuite, type HostileEntry } from './hostile.js';
import { parseFile } from './parse.js';
import { BOUNDS } from './bounds.js';
import { ingest } from '../build/ingest.js';
import { summaryLine } from '../build/summary.js';
import { query } from '../build/testing.js';

/** The bound the issue sets on the memory of parsing any one file. */
const PEAK_MB = 300;
/** The ingest over the whole suite (about 65 entries, 100 MB) ends within this. */
const INGEST_MS = 60_000;

let dir: string;
let suite: HostileEntry[];
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-hostile-'));
	suite = await writeHostileSuite(path.join(dir, 'suite'));
}, 60_000);
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

interface Measured {
	file: string;
	outcome: string;
	reason?: string;
	ms: number;
	peakMb: number;
}

function parseApart(file: string): Promise<Measured> {
	return new Promise((resolve, reject) => {
		execFile(process.execPath, ['--import', 'tsx', 'src/bench/parse-one.ts', file], { maxBuffer: 1 << 20 }, (err, stdout) => {
			if (err) reject(err);
			else resolve(JSON.parse(stdout) as Measured);
		});
	});
}

const files = () => suite.filter((e) => !e.name.startsWith('odd/'));

describe('the hostile suite', () => {
	it('every file, parsed in a process of its own, ends as expected and peaks under 300 MB', async () => {
		const todo = files();
		const out: Measured[] = [];
		// Two at a time: the machine has two cores.
		for (let i = 0; i < todo.length; i += 2) out.push(...(await Promise.all(todo.slice(i, i + 2).map((e) => parseApart(path.join(dir, 'suite', e.name))))));
		const table = out.map((m, i) => `${String(m.peakMb).padStart(4)} MB ${String(m.ms).padStart(5)} ms  ${todo[i].name}  ${m.outcome}`);
		console.log(`hostile suite, one process a file:\n${table.join('\n')}`);
		for (const [i, m] of out.entries()) {
			const want = todo[i].expect;
			const name = `${todo[i].name}: ${m.outcome} ${m.reason ?? ''}`;
			expect(m.peakMb, name).toBeLessThanOrEqual(PEAK_MB);
			if (want === 'any') expect(['internal', 'parser_crashed', 'timeout'], name).not.toContain(m.outcome);
			else expect(m.outcome, name).toBe(want);
			if (m.reason) expect(m.reason, name).toMatch(/[\u4e00-\u9fff]/); // a reason in Chinese
		}
	}, 300_000);

	it('keeps a section whole up to its bound and truncated past it, with a warning', async () => {
		const r = await parseFile(path.join(dir, 'suite', 'long/section-200k.txt'));
		expect(r.sections.overview).toHaveLength(BOUNDS.sectionChars);
		expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'section_truncated', where: 'overview' }));
		expect(r.applications.new_received.total).toBe(218); // the tables are read as ever
	});

	it('the ingest over the suite ends within a minute, every entry accounted for', async () => {
		const db = path.join(dir, 'hostile.duckdb');
		const t0 = Date.now();
		const s = await ingest({ paths: [path.join(dir, 'suite')], db, registry: null });
		const ms = Date.now() - t0;
		console.log(`hostile suite ingest: ${ms} ms, ${summaryLine(s)}`);
		expect(ms).toBeLessThan(INGEST_MS);
		const skipped = Object.values(s.skipped).reduce((a, n) => a + (n ?? 0), 0);
		expect(s.ingested + s.rejected + skipped).toBe(suite.length);
		expect(skipped).toBe(suite.filter((e) => e.expect === 'skipped').length);
		const rejected = await query<{ path: string; code: string }>(db, 'SELECT path, code FROM rejected_files');
		const codeOf = new Map(rejected.map((r) => [path.relative(path.join(dir, 'suite'), r.path), r.code]));
		for (const e of suite) {
			if (e.expect === 'stored') expect(codeOf.get(e.name), e.name).toBeUndefined();
			else if (e.expect !== 'any' && e.expect !== 'skipped') expect(codeOf.get(e.name), e.name).toBe(e.expect);
		}
		const [longest] = await query<{ n: number }>(db, 'SELECT max(length(text))::INTEGER AS n FROM report_sections');
		expect(longest.n).toBeLessThanOrEqual(BOUNDS.sectionChars);
	}, 120_000);
});
