/**
 * The checks scored against a generated corpus's truth file: every injected arithmetic, blank,
 * carry-over and missing-report anomaly found; at least 95% of copied texts, jumps, corrected
 * decisions, township 规章 and text-table contradictions; findings on reports with nothing
 * injected at most 1% of them. The figures are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateCorpus, type Anomaly, type AnomalyKind } from '../generate/corpus.js';
import { ingest } from '../build/ingest.js';
import { rowObjects } from '../contract/rows.js';

/** Which rule must find each kind of injected anomaly. */
const FOUND_BY: Record<AnomalyKind, string> = {
	arithmetic: 't3_outcome_sum',
	blank_total: 'blank_required',
	carry_over_mismatch: 'carry_over',
	missing_report: 'missing_report',
	copied_text: 'similar_text',
	township_regulations: 'regulations_level',
	application_jump: 'volume_jump',
	corrected_review: 'corrected_decision',
	text_contradiction: 'text_table_mismatch'
};
const MUST_ALL: AnomalyKind[] = ['arithmetic', 'blank_total', 'carry_over_mismatch', 'missing_report'];

let dir: string;
let truth: Anomaly[];
let findings: { agency_id: number; year: number; rule: string }[];
let clean: { id: number; agency_id: number; year: number }[];

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-score-'));
	const out = path.join(dir, 'corpus');
	await generateCorpus({ out, agencies: 400, years: [2019, 2025], seed: 'score' });
	truth = JSON.parse(await readFile(path.join(out, 'truth.json'), 'utf8')).anomalies;
	const db = path.join(dir, 'score.duckdb');
	await ingest({ paths: [out], db, registry: null });
	const i = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
	const c = await i.connect();
	findings = rowObjects(await c.runAndReadAll('SELECT agency_id, year, rule, message FROM findings')) as typeof findings;
	const reports = rowObjects(await c.runAndReadAll('SELECT id, agency_id, year FROM reports')) as typeof clean;
	c.closeSync();
	i.closeSync();
	const injected = new Set(truth.map((a) => `${a.agency_id}:${a.year}`));
	clean = reports.filter((r) => !injected.has(`${r.agency_id}:${r.year}`));
}, 120_000);

afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('checks against the truth file', () => {
	it('find the injected anomalies, and little else', () => {
		const lines: string[] = [];
		const recall: Record<string, number> = {};
		for (const kind of Object.keys(FOUND_BY) as AnomalyKind[]) {
			const injected = truth.filter((a) => a.kind === kind);
			const found = injected.filter((a) => findings.some((f) => f.agency_id === a.agency_id && f.year === a.year && f.rule === FOUND_BY[kind]));
			recall[kind] = injected.length ? found.length / injected.length : 1;
			lines.push(
				`${kind.padEnd(22)} injected ${String(injected.length).padStart(4)}  found ${String(found.length).padStart(4)}  (${(recall[kind] * 100).toFixed(1)}%)`
			);
		}
		const flagged = clean.filter((r) => findings.some((f) => f.agency_id === r.agency_id && f.year === r.year));
		const fp = flagged.length / clean.length;
		const byRule = new Map<string, number>();
		for (const r of flagged)
			for (const f of findings.filter((x) => x.agency_id === r.agency_id && x.year === r.year)) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
		lines.push(
			`reports with nothing injected: ${clean.length}, with a finding: ${flagged.length} (${(fp * 100).toFixed(2)}%) ${[...byRule].map(([k, v]) => `${k}:${v}`).join(' ')}`
		);
		if (process.env.SCORE_DEBUG) {
			for (const r of flagged.slice(0, 60))
				for (const f of findings.filter((x) => x.agency_id === r.agency_id && x.year === r.year && x.rule !== 'in_force_continuity'))
					lines.push(`  FP ${r.agency_id} ${r.year} ${f.rule} ${(f as { message?: string }).message ?? ''}`);
			for (const a of truth
				.filter((t) => ['application_jump', 'missing_report'].includes(t.kind))
				.filter((a) => !findings.some((f) => f.agency_id === a.agency_id && f.year === a.year && f.rule === FOUND_BY[a.kind])))
				lines.push(`  FN ${a.agency_id} ${a.year} ${a.kind} ${a.detail}`);
		}
		console.log(lines.join('\n'));
		for (const kind of MUST_ALL) expect(recall[kind], kind).toBe(1);
		for (const kind of Object.keys(FOUND_BY) as AnomalyKind[]) expect(recall[kind], kind).toBeGreaterThanOrEqual(0.95);
		expect(fp).toBeLessThanOrEqual(0.01);
	});
});
