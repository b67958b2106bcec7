/**
 * The generated corpus: deterministic for a seed, flagged generated wherever it lands, and its
 * truth file true to the files (what it says was injected is in the published cells).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateCorpus, type Anomaly } from './corpus.js';
import { parseFile } from '../ingest/parse.js';
import { ingest } from '../build/ingest.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-gen-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

async function digest(root: string): Promise<string> {
	const h = createHash('sha256');
	const walk = async (d: string) => {
		for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) await walk(p);
			else h.update(path.relative(root, p)).update(await readFile(p));
		}
	};
	await walk(root);
	return h.digest('hex');
}

describe('generated corpus', () => {
	it('is identical twice for a fixed seed, and different for another', async () => {
		const opts = { agencies: 40, years: [2019, 2025] as [number, number] };
		await generateCorpus({ ...opts, out: path.join(dir, 'a'), seed: 7 });
		// More than the 2 seconds a zip's clock counts in, so that a timestamp in a .docx would show.
		await new Promise((r) => setTimeout(r, 2100));
		await generateCorpus({ ...opts, out: path.join(dir, 'b'), seed: 7 });
		await generateCorpus({ ...opts, out: path.join(dir, 'c'), seed: 8 });
		expect(await digest(path.join(dir, 'a'))).toBe(await digest(path.join(dir, 'b')));
		expect(await digest(path.join(dir, 'a'))).not.toBe(await digest(path.join(dir, 'c')));
	});

	it('every report parses without a warning, and the injected anomalies are in its cells', async () => {
		const root = path.join(dir, 'a');
		const truth: { anomalies: Anomaly[] } = JSON.parse(await readFile(path.join(root, 'truth.json'), 'utf8'));
		const files: string[] = [];
		const walk = async (d: string) => {
			for (const e of await readdir(d, { withFileTypes: true })) {
				const p = path.join(d, e.name);
				if (e.isDirectory()) await walk(p);
				else if (/\.(txt|html|docx)$/.test(e.name)) files.push(p);
			}
		};
		await walk(root);
		const years = 7;
		const missing = truth.anomalies.filter((a) => a.kind === 'missing_report').length;
		expect(files.length).toBe(40 * years - missing);
		const byKey = new Map<string, string>();
		for (const f of files) {
			const r = await parseFile(f);
			expect(r.warnings, f).toEqual([]);
			expect(r.agency).toMatch(/^示例/);
			byKey.set(`${r.agency}:${r.year}`, f);
			const injected = truth.anomalies.filter((a) => a.agency === r.agency && a.year === r.year);
			const kinds = new Set(injected.map((a) => a.kind));
			// Blank totals are blank; clean reports add up.
			const tp = r.applications.total_processed.total;
			if (kinds.has('blank_total')) expect(tp).toBeNull();
			else if (!kinds.has('arithmetic')) {
				const a = r.applications;
				expect((a.new_received.total ?? 0) + (a.carried_over.total ?? 0), f).toBe((tp ?? 0) + (a.carried_forward.total ?? 0));
			}
			if (kinds.has('township_regulations')) expect(r.proactive.regulations.issued).toBeGreaterThan(0);
			else expect(r.proactive.regulations.issued ?? r.proactive.regulations.new_made).toBe(0);
			expect(r.reviews.review.corrected! > 0).toBe(kinds.has('corrected_review'));
		}
		for (const a of truth.anomalies.filter((x) => x.kind === 'missing_report')) expect(byKey.has(`${a.agency}:${a.year}`)).toBe(false);
	});

	it('is flagged generated in the database, agencies and reports alike, and never mixed with real ones', async () => {
		const db = path.join(dir, 'g.duckdb');
		await ingest({ paths: [path.join(dir, 'a'), 'data/reports/real'], db });
		const i = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
		const c = await i.connect();
		const rows = (
			await c.runAndReadAll(
				`SELECT r.generated AS report_generated, a.generated AS agency_generated, (a.name LIKE '示例%') AS example_name, count(*)::INTEGER AS n
				 FROM reports r JOIN agencies a ON a.id = r.agency_id GROUP BY ALL ORDER BY ALL`
			)
		).getRowObjectsJS();
		c.closeSync();
		i.closeSync();
		expect(rows).toEqual([
			{ report_generated: false, agency_generated: false, example_name: false, n: 31 },
			{ report_generated: true, agency_generated: true, example_name: true, n: expect.any(Number) }
		]);
	});
});
