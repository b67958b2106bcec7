/**
 * The roster as the ingest builds it: who owes which year, on the bundled real data (福建省 2025:
 * 应报 12, 已收 3, 缺报 9) and on registries that list agencies before they have reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ingest } from './ingest.js';
import { query, sampleReport } from './testing.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-roster-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

const TODAY = '2026-12-07';
type Count = { status: string; n: number };
const counts = (db: string, region: string, year: number) =>
	query<Count>(
		db,
		`SELECT r.status, count(*)::INTEGER AS n FROM roster r JOIN agencies a ON a.id = r.agency_id
		 WHERE (a.region = $1 OR a.region LIKE $1 || '/%') AND r.year = $2 GROUP BY ALL ORDER BY ALL`,
		[region, year]
	).then((rows) => Object.fromEntries(rows.map((r) => [r.status, r.n])));

/** A registry of the bundled agencies and `extra` rows after them. */
async function registry(name: string, extra: string[] = []): Promise<string> {
	const file = path.join(dir, `${name}.csv`);
	await writeFile(file, (await readFile('data/agencies.csv', 'utf8')) + extra.map((r) => r + '\n').join(''));
	return file;
}

describe('the roster of the bundled data', () => {
	it('福建省 2025 on 2026-12-07: 12 owed, 3 received, 9 missing; and the 缺报 findings are the missing rows', async () => {
		const db = path.join(dir, 'real.duckdb');
		await ingest({ paths: ['data/reports/real'], db, registry: 'data/agencies.csv', today: TODAY });
		expect(await counts(db, '福建省', 2025)).toEqual({ missing: 9, received: 3 });
		const [f] = await query<{ n: number }>(
			db,
			`SELECT count(*)::INTEGER AS n FROM findings f JOIN agencies a ON a.id = f.agency_id WHERE f.rule = 'missing_report' AND f.year = 2025 AND a.region LIKE '福建省%'`
		);
		expect(f.n).toBe(9);
	});

	it('before a deadline a report is not yet missing; a new season checks again without any file changing', async () => {
		const db = path.join(dir, 'early.duckdb');
		await ingest({ paths: ['data/reports/real'], db, registry: 'data/agencies.csv', today: '2026-01-20' });
		// 2025 is not yet due anywhere: the departments' and townships' on 31 January, the government's on 31 March.
		expect(await counts(db, '福建省', 2025)).toEqual({ pending: 9, received: 3 });
		await ingest({ paths: ['data/reports/real'], db, registry: 'data/agencies.csv', today: '2026-02-01' });
		// The nine are departments and townships (31 January); the government's own came already.
		expect(await counts(db, '福建省', 2025)).toEqual({ missing: 9, received: 3 });
		const [gov] = await query<{ status: string; due: string }>(db, `SELECT status, due FROM roster WHERE agency_id = 4 AND year = 2025`);
		expect(gov).toEqual({ status: 'received', due: '2026-03-31' });
	});

	it('a registry row’s last_year: not owed after it; its first_year: owed from it', async () => {
		const file = path.join(dir, 'closed.csv');
		const row = '7,平潭综合实验区海坛片区管理局,township,4,福建省/平潭综合实验区,,';
		const text = (await readFile('data/agencies.csv', 'utf8')).replace(`${row},`, `${row}2019,2024`);
		expect(text).toContain(`${row}2019,2024`);
		await writeFile(file, text);
		const db = path.join(dir, 'closed.duckdb');
		await ingest({ paths: ['data/reports/real'], db, registry: file, today: TODAY });
		const rows = await query<{ year: number; status: string }>(db, `SELECT year, status FROM roster WHERE agency_id = 7 ORDER BY year`);
		// Its 2025 report came all the same: a report stored is received whatever the span says.
		expect(rows.find((r) => r.year === 2025)?.status).toBe('received');
		expect(rows.filter((r) => r.status === 'missing').map((r) => r.year)).toEqual([2020, 2021, 2022, 2024]);
		const closedEarlier = text.replace('2019,2024', ',2022');
		await writeFile(file, closedEarlier);
		await ingest({ paths: ['data/reports/real'], db, registry: file, today: TODAY });
		const after = await query<{ year: number; status: string }>(db, `SELECT year, status FROM roster WHERE agency_id = 7 AND status = 'missing' ORDER BY year`);
		expect(after.map((r) => r.year)).toEqual([2020, 2021, 2022]);
	});
});

describe('deadlines set by the office', () => {
	it('a registry row’s due, and season.json’s level default beside the registry', async () => {
		const sub = path.join(dir, 'deadlines');
		await mkdir(sub, { recursive: true });
		const file = path.join(sub, 'agencies.csv');
		// 财政金融局 (5) given 15 February; townships set to 31 March for the whole office.
		const text = (await readFile('data/agencies.csv', 'utf8')).replace('first_year,last_year\n', 'first_year,last_year,due\n');
		await writeFile(
			file,
			text.replace('5,平潭综合实验区财政金融局,department,4,福建省/平潭综合实验区,,,', '5,平潭综合实验区财政金融局,department,4,福建省/平潭综合实验区,,,,02-15')
		);
		await writeFile(path.join(sub, 'season.json'), JSON.stringify({ due: { township: '03-31' } }));
		const db = path.join(sub, 'db.duckdb');
		await ingest({ paths: ['data/reports/real'], db, registry: file, today: '2026-02-10' });
		const rows = await query<{ agency_id: number; status: string; due: string }>(
			db,
			`SELECT r.agency_id::INTEGER AS agency_id, r.status, r.due FROM roster r WHERE r.year = 2025 AND r.agency_id IN (5, 6, 9) ORDER BY 1`
		);
		expect(rows).toEqual([
			{ agency_id: 5, status: 'pending', due: '2026-02-15' },
			{ agency_id: 6, status: 'missing', due: '2026-01-31' },
			{ agency_id: 9, status: 'pending', due: '2026-03-31' } // 金井片区管理局, a township
		]);
		// A settings file that does not parse stops the ingest with the reason, rather than count by the wrong deadlines.
		await writeFile(path.join(sub, 'season.json'), JSON.stringify({ due: { township: '3月31日' } }));
		await expect(ingest({ paths: ['data/reports/real'], db, registry: file, today: '2026-02-10' })).rejects.toThrow(/season\.json.*MM-DD/);
	});
});

describe('a registry that lists agencies before they have reported', () => {
	// Names without digits (a title's 第1乡 would not be read as the agency's name).
	const PLACES = '东西南北中上下前后左右新';
	const township = (i: number) => `测试县${PLACES[Math.floor(i / 12)]}${PLACES[i % 12]}乡人民政府`;
	const rows = Array.from({ length: 120 }, (_, i) => `${100 + i},${township(i)},township,,福建省/测试县,,,`);

	it('ingests, and each of the 120 owes the year under review', async () => {
		const db = path.join(dir, 'listed.duckdb');
		const s = await ingest({ paths: ['data/reports/real'], db, registry: await registry('listed', rows), today: TODAY });
		expect(s.rejected).toBe(0);
		expect(await counts(db, '福建省/测试县', 2025)).toEqual({ missing: 120 });
		expect(await counts(db, '福建省/测试县', 2024)).toEqual({});
	});

	it('ingests an empty folder, and a folder of only rejected files', async () => {
		const empty = path.join(dir, 'empty');
		await mkdir(empty, { recursive: true });
		const file = await registry('listed-empty', rows);
		await ingest({ paths: [empty], db: path.join(dir, 'empty.duckdb'), registry: file, today: TODAY });
		expect(await counts(path.join(dir, 'empty.duckdb'), '福建省/测试县', 2025)).toEqual({ missing: 120 });
		const bad = path.join(dir, 'bad');
		await mkdir(bad, { recursive: true });
		await writeFile(path.join(bad, 'x.txt'), '这不是年度报告');
		const s = await ingest({ paths: [bad], db: path.join(dir, 'bad.duckdb'), registry: file, today: TODAY });
		expect(s.rejected).toBe(1);
		expect(await counts(path.join(dir, 'bad.duckdb'), '福建省/测试县', 2025)).toEqual({ missing: 120 });
	});

	it('a report that comes is received, late when published after its deadline', async () => {
		const src = path.join(dir, 'came');
		await mkdir(src, { recursive: true });
		// Dated by its signature line (落款), the only date it gives.
		await writeFile(path.join(src, 'a.txt'), `${sampleReport(township(0), 2025, 3)}\n\n${township(0)}\n2026年3月2日\n`);
		const db = path.join(dir, 'came.duckdb');
		await ingest({ paths: [src], db, registry: await registry('came', rows), today: TODAY });
		expect(await counts(db, '福建省/测试县', 2025)).toEqual({ late: 1, missing: 119 });
		const [late] = await query<{ days_late: number }>(db, `SELECT days_late FROM roster WHERE agency_id = 100 AND year = 2025`);
		expect(late.days_late).toBe(30);
	});

	it('a date entered at upload or collected (FILE.source.json) stands before the signature’s; the provenance file is counted, not read as a report', async () => {
		const src = path.join(dir, 'dated');
		await mkdir(src, { recursive: true });
		const signed = (i: number) => `${sampleReport(township(i), 2025, 3)}\n\n${township(i)}\n2026年3月2日\n`;
		await writeFile(path.join(src, 'a.txt'), signed(0));
		await writeFile(path.join(src, 'a.txt.source.json'), JSON.stringify({ published: '2026-01-30', uploaded_by: 'r' }));
		await writeFile(path.join(src, 'b.txt'), signed(1));
		await writeFile(path.join(src, 'b.txt.source.json'), JSON.stringify({ url: 'https://example.gov.cn/b.html', published: '2026-02-03' }));
		await writeFile(path.join(src, 'c.txt'), signed(2));
		await writeFile(path.join(src, 'c.txt.source.json'), '{not json');
		const db = path.join(dir, 'dated.duckdb');
		const s = await ingest({ paths: [src], db, registry: await registry('dated', rows), today: TODAY });
		expect(s.skipped).toMatchObject({ provenance: 3 });
		const got = await query<{ agency_id: number; status: string; published_date: string; published_source: string }>(
			db,
			`SELECT agency_id, status, published_date, published_source FROM roster WHERE year = 2025 AND agency_id IN (100, 101, 102) ORDER BY agency_id`
		);
		expect(got).toEqual([
			{ agency_id: 100, status: 'received', published_date: '2026-01-30', published_source: '上传时填写的发布日期' },
			{ agency_id: 101, status: 'late', published_date: '2026-02-03', published_source: '网页发布日期（采集）' },
			{ agency_id: 102, status: 'late', published_date: '2026-03-02', published_source: '报告末尾落款日期' }
		]);
	});
});
