/**
 * The checks on the real reports, as shared/corpus/real/MANIFEST.md describes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingest } from '../build/ingest.js';
import { blankRequired } from './report-rules.js';
import type { ReportData } from './types.js';

let dir: string;
let findings: { file: string; rule: string; message: string; cells: string }[];
let missing: [number, number][];
const ARITHMETIC = ['t3_balance', 't3_outcome_sum', 't3_row_total', 't4_group_total'];

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-real-checks-'));
	const db = path.join(dir, 'real.duckdb');
	await ingest({ paths: ['data/reports/real'], db });
	const i = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
	const c = await i.connect();
	findings = (
		await c.runAndReadAll(`SELECT coalesce(r.source_path, '') AS file, f.rule, f.message, f.cells FROM findings f LEFT JOIN reports r ON r.id = f.report_id`)
	).getRowObjectsJS() as typeof findings;
	missing = (await c.runAndReadAll(`SELECT agency_id::INTEGER AS agency, year FROM findings WHERE rule = 'missing_report' ORDER BY ALL`)).getRowsJS() as [
		number,
		number
	][];
	c.closeSync();
	i.closeSync();
}, 60_000);
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

const of = (file: string) => findings.filter((f) => f.file.endsWith('/' + file));

describe('missing reports of real agencies', () => {
	it('are the years from its first report through the year under review without one, never years of another corpus', () => {
		// 平潭综合实验区公安局 (registry id 6) reported for 2019, 2022 and 2024; on 2026-12-07 it owes 2025 too.
		expect(missing.filter(([a]) => a === 6)).toEqual([
			[6, 2020],
			[6, 2021],
			[6, 2023],
			[6, 2025]
		]);
		// 叉干镇 (1) has one report, 2024: it owes 2025, not the years before its first report (2019–2023 of another corpus).
		expect(missing.filter(([a]) => a === 1)).toEqual([[1, 2025]]);
	});
});

describe('checks on the real corpus', () => {
	it('dagan-chagan-2024: the blank （七）总计, a township with 规章, a provincial heading', () => {
		const f = of('dagan-chagan-2024.txt');
		const blank = f.find((x) => x.rule === 'blank_required' && x.message.includes('（七）总计'));
		expect(blank?.message).toBe('（七）总计整行为空');
		expect(JSON.parse(blank!.cells)).toContainEqual({ table: 'applications', row: 'total_processed', col: 'total' });
		expect(f.find((x) => x.rule === 'regulations_level')?.message).toMatch(/乡镇.*规章.*5件/);
		expect(f.find((x) => x.rule === 'higher_level_text')?.message).toContain('全省');
	});

	it('hongze-district-2023: its Table 4 totals', () => {
		const f = of('hongze-district-2023.pdf').filter((x) => x.rule === 't4_group_total');
		expect(f.map((x) => x.message).sort()).toEqual([
			'行政复议：结果维持+结果纠正+其他结果+尚未审结=11，总计=0，相差11',
			'行政诉讼 / 复议后起诉：结果维持+结果纠正+其他结果+尚未审结=5，总计=0，相差5'
		]);
	});

	it('pingtan-2020: its outcome rows sum to 27, not 21', () => {
		const f = of('pingtan-2020.txt').filter((x) => x.rule === 't3_outcome_sum');
		expect(f.map((x) => x.message)).toContain('「总计」列：各项办理结果之和=27，（七）总计=21，相差6');
	});

	it('no arithmetic finding where the tables add up', () => {
		for (const file of [
			'huaian-city-2024.pdf',
			'hongze-district-2024.pdf',
			...[2021, 2022, 2023, 2024, 2025].map((y) => `pingtan-${y}.${y === 2024 ? 'html' : 'txt'}`)
		]) {
			expect(
				of(file).filter((x) => ARITHMETIC.includes(x.rule)),
				file
			).toEqual([]);
		}
	});

	it('pingtan 2021 → 2022 carry-over (1 → 1) passes', () => {
		expect(of('pingtan-2022.txt').filter((x) => x.rule === 'carry_over')).toEqual([]);
	});

	it('the text that contradicts its table (zonghezhifa-yingjiguanliju-2024)', () => {
		expect(of('pingtan-zonghezhifa-yingjiguanliju-2024.txt').find((x) => x.rule === 'text_table_mismatch')?.message).toMatch(/4件.*0件/);
	});
});

describe('blanks', () => {
	it('a report that writes every zero as a blank gets one finding, not one per cell', () => {
		const r = {
			template: '2021',
			value: (ref: { row: string; col: string }) => (ref.row === 'new_received' && ref.col === 'total' ? 3 : null),
			raw: (ref: { row: string; col: string }) => (ref.row === 'new_received' && ref.col === 'total' ? '3' : '')
		} as unknown as ReportData;
		const f = blankRequired(r);
		expect(f).toHaveLength(1);
		expect(f[0].message).toMatch(/以空白代替零/);
	});
});
