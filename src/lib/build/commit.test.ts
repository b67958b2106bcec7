/**
 * A commit recomputes only what its reports reach (changes.ts), and the database it leaves is the
 * one a whole rebuild makes from the same files: every table, row for row. The commits below
 * reach each declared scope: an agency's years (carry-over, missing years), a peer group whose
 * median moves, copies across agencies, other sources and corrected versions, and a registry change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingest, type IngestOptions } from './ingest.js';
import { query, sampleReport } from './testing.js';
import { uploadFileName } from '../report/arrival.js';
import { rowObjects } from '../contract/rows.js';

let dir: string;
let corpus: string;
let uploads: string;
let registry: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-commit-'));
	corpus = path.join(dir, 'corpus');
	uploads = path.join(dir, 'uploads');
	registry = path.join(dir, 'agencies.csv');
	await mkdir(corpus);
	await mkdir(uploads);
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

const STEMS = [...'甲乙丙丁戊己庚辛壬癸'];
const township = (i: number) => `示例县${STEMS[i]}镇人民政府`;
const COPIED =
	'本单位坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实政务公开各项部署，围绕重点领域信息公开、政策解读回应、平台建设和监督保障四个方面扎实推进工作，取得明显成效。';

/** 100 applications processed, `denied` of them not disclosed; the overview as given. */
function report(agency: string, year: number, denied: number, overview?: string, carried = 0): string {
	return sampleReport(agency, year, 100, overview ?? `${year}年，${agency}认真落实政务公开工作，第${denied}项。`, (c) => {
		c.applications.granted = { ...c.applications.granted, natural_person: 100 - denied, total: 100 - denied };
		c.applications['denied.state_secret'] = { ...c.applications['denied.state_secret'], natural_person: denied, total: denied };
		c.applications.carried_over = { ...c.applications.carried_over, natural_person: carried, total: carried };
	});
}

let clock = Date.UTC(2026, 0, 10, 1, 0, 0);
/** A file as an upload stores it (its name carries the moment: the order of versions). */
async function upload(agencyId: number | 'new', year: number, text: string, ext = 'txt'): Promise<string> {
	clock += 3600_000;
	const sha = createHash('sha256').update(text).digest('hex');
	const file = path.join(uploads, uploadFileName(agencyId === 'new' ? null : agencyId, year, new Date(clock), sha, ext));
	await writeFile(file, text);
	return file;
}

const options = (db: string, extra: Partial<IngestOptions> = {}): IngestOptions => ({
	paths: [corpus, uploads],
	db,
	registry,
	today: '2026-12-07',
	workers: 0,
	checksApart: false,
	...extra
});

/** Every table of a database, each as its rows sorted; what differs from build to build (when, where) left out. */
async function tables(db: string): Promise<Record<string, string[]>> {
	const i = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
	const c = await i.connect();
	const out: Record<string, string[]> = {};
	try {
		const names = rowObjects(await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1`)).map((r) => String(r.table_name));
		for (const t of names) {
			const skip = t === 'meta' ? `WHERE key <> 'built_at'` : '';
			const rows = rowObjects(await c.runAndReadAll(`SELECT * ${t === 'rejected_files' ? 'EXCLUDE ("at")' : ''} FROM ${t} ${skip}`));
			// Sums of doubles in another order differ in their last bits.
			out[t] = rows.map((r) => JSON.stringify(r, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v))).sort();
		}
	} finally {
		c.closeSync();
		i.closeSync();
	}
	return out;
}

/** The committed database against a rebuild from the same files: table by table. */
async function expectSameAsRebuild(db: string, extra: Partial<IngestOptions> = {}) {
	const rebuilt = path.join(dir, `rebuilt-${clock}.duckdb`);
	await ingest(options(rebuilt, { ...extra, rebuild: true }));
	const [mine, theirs] = [await tables(db), await tables(rebuilt)];
	expect(Object.keys(mine)).toEqual(Object.keys(theirs));
	for (const t of Object.keys(theirs)) expect({ table: t, rows: mine[t] }).toEqual({ table: t, rows: theirs[t] });
}

describe('a commit', () => {
	it('leaves the database a rebuild from the same files makes', { timeout: 180_000 }, async () => {
		// Ten townships in the registry (one never reports), 2023 denial rates 5% for five, 90% for three.
		const rows = ['id,name,level,parent_id,region', '1,示例县人民政府,county,,示例省/示例县'];
		for (let i = 0; i < 10; i++) rows.push(`${i + 2},${township(i)},township,1,示例省/示例县/${STEMS[i]}镇`);
		await writeFile(registry, rows.join('\n') + '\n');
		const rates = [5, 5, 5, 5, 5, 90, 90, 90];
		for (const [i, denied] of rates.entries()) {
			await writeFile(path.join(corpus, `${township(i)}-2023.txt`), report(township(i), 2023, denied));
			await writeFile(path.join(corpus, `${township(i)}-2022.txt`), report(township(i), 2022, 5));
		}
		// An agency the registry does not know, copied by another below.
		await writeFile(path.join(corpus, `示例县档案馆-2023.txt`), report('示例县档案馆', 2023, 5, COPIED));
		const db = path.join(dir, 'db.duckdb');
		await ingest(options(db));
		const before = await query<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM findings WHERE rule = 'rate_outlier'`);
		expect(before[0].n).toBe(3);

		const commit = async (file: string) => {
			const stages: string[] = [];
			let read: [number, number] = [0, 0];
			const s = await ingest(options(db, { only: [file], onStage: (x) => (x.stage === 'parsing' && (read = [x.done, x.total]), stages.at(-1) !== x.stage && stages.push(x.stage)) }));
			expect([s.written, s.scoped]).toEqual([true, true]);
			// Told as it goes: the upload page shows it.
			expect(stages).toEqual(['parsing', 'checking', 'writing']);
			// Every file read is counted (a commit of one file: 1 of 1).
			expect(read).toEqual([1, 1]);
		};
		// Two more townships at 90%: the median moves to 90%, and the group's three findings go.
		await commit(await upload(10, 2023, report(township(8), 2023, 90)));
		await commit(await upload(11, 2023, report(township(9), 2023, 90, COPIED)));
		expect(await query(db, `SELECT count(*)::INTEGER AS n FROM findings WHERE rule = 'rate_outlier'`)).toEqual([{ n: 0 }]);
		expect(await query(db, `SELECT count(*)::INTEGER AS n FROM findings WHERE rule = 'similar_text'`)).not.toEqual([{ n: 0 }]);
		await expectSameAsRebuild(db);

		// A corrected version (carry-over now disagrees with 2022's), another source of it, a new year.
		await commit(await upload(2, 2023, report(township(0), 2023, 5, undefined, 7)));
		await commit(await upload(2, 2023, report(township(0), 2023, 5, undefined, 7).replace('认真落实', '切实落实')));
		await commit(await upload(3, 2024, report(township(1), 2024, 5)));
		// A copy of the copied text by a new agency, and the copier corrected to its own words.
		await commit(await upload('new', 2023, report('示例县气象局', 2023, 5, COPIED)));
		await commit(await upload(11, 2023, report(township(9), 2023, 90)));
		await expectSameAsRebuild(db);

		// The registry changes (a whole ingest matches every file again), then commits go on.
		await writeFile(registry, rows.join('\n') + '\n12,示例县档案馆,department,1,示例省/示例县\n');
		await ingest(options(db));
		await commit(await upload(12, 2024, report('示例县档案馆', 2024, 5)));
		await expectSameAsRebuild(db);
	});

	it('into a bucket of copies already full: the pairs of its other members are compared no more', { timeout: 120_000 }, async () => {
		// 50 agencies (MAX_BUCKET) with one text: every band's bucket is compared. A 51st overfills them all.
		const paths = [path.join(dir, 'full-corpus'), path.join(dir, 'full-uploads')];
		await mkdir(paths[0]);
		await mkdir(paths[1]);
		const name = (i: number) => `示例县${STEMS[i % 10]}${STEMS[Math.floor(i / 10)]}局`;
		for (let i = 0; i < 50; i++) await writeFile(path.join(paths[0], `${name(i)}-2023.txt`), report(name(i), 2023, 5, COPIED));
		const db = path.join(dir, 'full.duckdb');
		const extra = { paths, registry: null };
		await ingest(options(db, extra));
		const copies = async () => (await query<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM findings WHERE rule = 'similar_text'`))[0].n;
		expect(await copies()).toBeGreaterThan(0);
		const file = path.join(paths[1], `${name(50)}-2023.txt`);
		await writeFile(file, report(name(50), 2023, 5, COPIED));
		expect((await ingest(options(db, { ...extra, only: [file] }))).scoped).toBe(true);
		expect(await copies()).toBe(0);
		await expectSameAsRebuild(db, extra);
	});

	it('a second file of a report under a generated corpus: generated as a rebuild says, by the file that stands for it', { timeout: 120_000 }, async () => {
		const real = path.join(dir, 'gen-real');
		const generated = path.join(dir, 'gen-corpus');
		await mkdir(real);
		await mkdir(generated);
		await writeFile(path.join(generated, 'nianbao-generated.json'), '{}');
		await writeFile(path.join(generated, '示例县乙局-2022.txt'), report('示例县乙局', 2022, 5));
		const extra = { paths: [generated, real], registry: null };
		const db = path.join(dir, 'gen.duckdb');
		await ingest(options(db, extra));
		const first = path.join(real, '示例县甲局-2023.txt');
		await writeFile(first, report('示例县甲局', 2023, 5));
		await ingest(options(db, { ...extra, only: [first] }));
		const second = path.join(generated, '示例县甲局-2023.txt');
		await writeFile(second, report('示例县甲局', 2023, 5));
		await ingest(options(db, { ...extra, only: [second] }));
		await expectSameAsRebuild(db, extra);
	});
});
