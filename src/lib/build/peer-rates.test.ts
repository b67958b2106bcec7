/**
 * Rule 13 (rate outliers) as the build runs it over the whole database: an agency's rate is
 * compared with its peers, the agencies of the same level in the same year, and no others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ingest } from './ingest.js';
import { query, sampleReport } from './testing.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-peers-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

const STEMS = [...'甲乙丙丁戊己庚辛壬癸'];
const PROCESSED = 100;

/** A report of 100 applications processed, `denied` of them not disclosed (不予公开). */
function report(agency: string, year: number, denied: number): string {
	return sampleReport(agency, year, PROCESSED, undefined, (c) => {
		c.applications.granted = { ...c.applications.granted, natural_person: PROCESSED - denied, total: PROCESSED - denied };
		c.applications['denied.state_secret'] = { ...c.applications['denied.state_secret'], natural_person: denied, total: denied };
	});
}

describe('rate outliers across agencies', () => {
	it('compare each agency with the same level in the same year only', async () => {
		// Denial rates (%) of ten townships and ten departments in two years. Pooled across years or
		// across levels, each outlier below would sit among as many high rates and pass unnoticed.
		const rates: Record<string, Record<number, number[]>> = {
			镇人民政府: { 2022: [5, 5, 5, 5, 5, 5, 5, 5, 5, 90], 2023: [90, 90, 90, 90, 90, 90, 90, 90, 90, 5] },
			局: { 2022: [5, 90, 90, 90, 90, 90, 90, 90, 90, 90], 2023: [5, 5, 5, 5, 5, 5, 5, 5, 5, 60] }
		};
		const src = path.join(dir, 'corpus');
		await mkdir(src);
		for (const [suffix, byYear] of Object.entries(rates))
			for (const [year, values] of Object.entries(byYear))
				for (const [i, denied] of values.entries()) {
					const agency = `示例县${STEMS[i]}${suffix}`;
					await writeFile(path.join(src, `${agency}-${year}.txt`), report(agency, Number(year), denied));
				}
		const db = path.join(dir, 'peers.duckdb');
		await ingest({ paths: [src], db, registry: null });
		const found = await query<{ name: string; year: number; subject: string; message: string }>(
			db,
			`SELECT a.name, r.year, f.subject, f.message FROM findings f JOIN reports r ON r.id = f.report_id JOIN agencies a ON a.id = r.agency_id
			WHERE f.rule = 'rate_outlier' ORDER BY r.year, a.name`
		);
		expect(found).toEqual([
			{ name: '示例县癸镇人民政府', year: 2022, subject: 'denial_rate', message: '不予公开率90.0%，同年乡镇（街道）单位中位数5.0%' },
			{ name: '示例县癸局', year: 2023, subject: 'denial_rate', message: '不予公开率60.0%，同年部门单位中位数5.0%' }
		]);
	});
});
