/**
 * The store keeps its word: registry edits take effect, a change of the code that read or
 * checked the reports is redone, a file's trouble is a rejection with its code (never an aborted
 * batch), and findings keep their ids through rebuilds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ingest } from './ingest.js';
import { codeVersions } from './versions.js';
import { INFERRED_BASE } from '../report/ids.js';
import { MAX_FILE_BYTES } from '../ingest/parse.js';
import { query, sampleReport } from './testing.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-identity-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

async function folder(name: string) {
	const src = path.join(dir, name);
	await mkdir(src, { recursive: true });
	return { src, db: path.join(dir, `${name}.duckdb`), registry: path.join(dir, `${name}.csv`) };
}

const HEADER = 'id,name,level,parent_id,region,aliases\n';
const agencyOf = (db: string, file: string) =>
	query<{ id: number; name: string; needs_review: boolean; region: string; level: string; parent_id: number | null }>(
		db,
		`SELECT a.id, a.name, a.needs_review, a.region, a.level, a.parent_id FROM files f JOIN agencies a ON a.id = f.agency_id WHERE f.path LIKE '%' || $1`,
		[file]
	).then((r) => r[0]);

describe('registry edits take effect at the next ingest', () => {
	it('a report stays with its own agency when an unrelated row is added, and a row that names it takes it over', async () => {
		const { src, db, registry } = await folder('registry');
		await cp('data/reports/real/dagan-chagan-2024.txt', path.join(src, 'dagan-chagan-2024.txt'));
		// 1. A registry of one unrelated row: the report's agency is known by its name only.
		await writeFile(registry, `${HEADER}1,示例县教育局,department,,示例县,\n`);
		await ingest({ paths: [src], db, registry });
		const byName = await agencyOf(db, 'dagan-chagan-2024.txt');
		expect(byName).toMatchObject({ name: '大安市叉干镇综合服务中心', needs_review: true });
		expect(byName.id).toBeGreaterThanOrEqual(INFERRED_BASE);

		// 2. A row of another agency: the registry changed, so the database does too — and the report stays where it was.
		await writeFile(registry, `${HEADER}1,示例县教育局,department,,示例县,\n2,示例县财政局,department,,示例县,\n`);
		expect((await ingest({ paths: [src], db, registry })).written).toBe(true);
		expect(await agencyOf(db, 'dagan-chagan-2024.txt')).toEqual(byName);
		expect(await query(db, 'SELECT name FROM agencies ORDER BY id')).toEqual([
			{ name: '示例县教育局' },
			{ name: '示例县财政局' },
			{ name: '大安市叉干镇综合服务中心' }
		]);

		// 3. Another report arrives: still never credited to anyone else.
		await writeFile(path.join(src, 'other.txt'), sampleReport('示例县乙镇人民政府', 2024, 3));
		await ingest({ paths: [src], db, registry });
		expect(await agencyOf(db, 'dagan-chagan-2024.txt')).toEqual(byName);

		// A registry row naming it by an alias takes it over, with its report and findings.
		const findingsBefore = await query<{ rule: string; former_id: string | null; id: string }>(
			db,
			'SELECT id, former_id, rule FROM findings WHERE agency_id = $1 ORDER BY id',
			[byName.id]
		);
		expect(findingsBefore.length).toBeGreaterThan(0);
		await writeFile(
			registry,
			`${HEADER}1,示例县教育局,department,,示例县,\n2,示例县财政局,department,,示例县,\n3,吉林省白城市大安市叉干镇,township,,吉林省/白城市/大安市,大安市叉干镇综合服务中心\n`
		);
		const s = await ingest({ paths: [src], db, registry });
		expect(s).toMatchObject({ ingested: 1, written: true });
		expect(await agencyOf(db, 'dagan-chagan-2024.txt')).toMatchObject({
			id: 3,
			name: '吉林省白城市大安市叉干镇',
			needs_review: false,
			region: '吉林省/白城市/大安市'
		});
		expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM agencies WHERE id = $1', [byName.id])).toEqual([{ n: 0 }]);
		// Each finding remembers the id it had under the name: a review made then follows it.
		// (The registry's agency owes 2025 as well, on 2026-12-07: a finding it did not have under the name.)
		const after = await query<{ former_id: string }>(db, 'SELECT former_id FROM findings WHERE agency_id = 3 AND year = 2024 ORDER BY former_id');
		expect(after.map((f) => f.former_id).sort()).toEqual(findingsBefore.map((f) => f.id).sort());
		expect(await query(db, `SELECT year FROM findings WHERE agency_id = 3 AND rule = 'missing_report'`)).toEqual([{ year: 2025 }]);
	});

	it('a rename, an alias, a parent or a region change is in the database after the next ingest', async () => {
		const { src, db, registry } = await folder('edits');
		await writeFile(path.join(src, 'a.txt'), sampleReport('示例县甲镇人民政府', 2024, 4));
		await writeFile(registry, `${HEADER}1,示例县,county,,示例省/示例县,\n2,示例县甲镇人民政府,township,,示例省/示例县,\n`);
		await ingest({ paths: [src], db, registry });
		expect(await agencyOf(db, 'a.txt')).toMatchObject({ id: 2, name: '示例县甲镇人民政府', parent_id: null });
		// Renamed, the old name kept as an alias; a parent and a region given.
		await writeFile(registry, `${HEADER}1,示例县,county,,示例省/示例县,\n2,示例县甲镇,township,1,示例省/示例市/示例县,示例县甲镇人民政府\n`);
		await ingest({ paths: [src], db, registry });
		expect(await agencyOf(db, 'a.txt')).toMatchObject({ id: 2, name: '示例县甲镇', parent_id: 1, region: '示例省/示例市/示例县' });
		// The alias dropped, and the name no longer matching: the report goes back to an agency known by its name.
		await writeFile(registry, `${HEADER}1,示例县,county,,示例省/示例县,\n2,示例县乙镇,township,1,示例省/示例县,\n`);
		await ingest({ paths: [src], db, registry });
		expect((await agencyOf(db, 'a.txt')).id).toBeGreaterThanOrEqual(INFERRED_BASE);
	});

	it('a reporting span in the registry is what is owed; an end it leaves open is the first report, or the year under review', async () => {
		const { src, db, registry } = await folder('spans');
		const reports: [string, number][] = [
			['示例县财政局', 2022],
			['示例县财政局', 2023],
			['示例县民政局', 2021],
			['示例县民政局', 2023]
		];
		for (const [name, year] of reports) await writeFile(path.join(src, `${name}-${year}.txt`), sampleReport(name, year, 2));
		const rows = (education: string) =>
			`id,name,level,parent_id,region,aliases,first_year,last_year\n1,示例县教育局,department,,示例县,,${education}\n2,示例县财政局,department,,示例县,,2020,\n3,示例县民政局,department,,示例县,,,\n`;
		const missing = () =>
			query<{ a: number; y: number }>(db, `SELECT agency_id::INTEGER AS a, year AS y FROM findings WHERE rule = 'missing_report' ORDER BY ALL`);
		await writeFile(registry, rows('2021,2023'));
		await ingest({ paths: [src], db, registry });
		// On 2026-12-07 (test-setup.ts) an agency still active owes through 2025.
		expect(await missing()).toEqual([
			// 教育局: no report at all, and the registry says 2021–2023.
			{ a: 1, y: 2021 },
			{ a: 1, y: 2022 },
			{ a: 1, y: 2023 },
			// 财政局: from the registry's 2020 on.
			{ a: 2, y: 2020 },
			{ a: 2, y: 2021 },
			{ a: 2, y: 2024 },
			{ a: 2, y: 2025 },
			// 民政局: no span in the registry: from its own first report on.
			{ a: 3, y: 2022 },
			{ a: 3, y: 2024 },
			{ a: 3, y: 2025 }
		]);
		expect(await query(db, 'SELECT first_year, last_year FROM agencies WHERE id = 1')).toEqual([{ first_year: 2021, last_year: 2023 }]);
		// A changed span is checked again at the next ingest.
		await writeFile(registry, rows('2023,2023'));
		expect((await ingest({ paths: [src], db, registry })).written).toBe(true);
		expect((await missing()).filter((m) => m.a === 1)).toEqual([{ a: 1, y: 2023 }]);
		// No span and no report: listed, it owes the year under review.
		await writeFile(registry, rows(','));
		await ingest({ paths: [src], db, registry });
		expect((await missing()).filter((m) => m.a === 1)).toEqual([{ a: 1, y: 2025 }]);
	});
});

describe('the code that made the database', () => {
	it('is recorded, and a change of the readers reads every stored file again; of the checks, checks again only', async () => {
		const { src, db } = await folder('versions');
		await writeFile(path.join(src, 'a.txt'), sampleReport('示例县甲镇人民政府', 2023, 4));
		await writeFile(path.join(src, 'b.txt'), sampleReport('示例县甲镇人民政府', 2024, 5));
		const code = codeVersions();
		expect(code.readers).toMatch(/^[0-9a-f]{16}$/);
		await ingest({ paths: [src], db, registry: null });
		const meta = await query<{ key: string; value: string }>(db, `SELECT key, value FROM meta WHERE key LIKE '%version' ORDER BY key`);
		expect(Object.fromEntries(meta.map((m) => [m.key, m.value]))).toMatchObject({ readers_version: code.readers, checks_version: code.checks });
		expect(await ingest({ paths: [src], db, registry: null })).toMatchObject({ written: false });

		const rereadBy = { ...code, readers: 'a-new-reader' };
		expect(await ingest({ paths: [src], db, registry: null, versions: rereadBy })).toMatchObject({ ingested: 2, written: true });
		expect(await ingest({ paths: [src], db, registry: null, versions: rereadBy })).toMatchObject({ written: false });

		const recheckedBy = { ...rereadBy, checks: 'a-new-rule' };
		expect(await ingest({ paths: [src], db, registry: null, versions: recheckedBy })).toMatchObject({ ingested: 0, written: true });
		expect(await query(db, `SELECT value FROM meta WHERE key = 'checks_version'`)).toEqual([{ value: 'a-new-rule' }]);
	});

	it('--rebuild reads every file and checks again, whatever the database says', async () => {
		const { src, db } = await folder('rebuild');
		await writeFile(path.join(src, 'a.txt'), sampleReport('示例县甲镇人民政府', 2023, 4));
		await ingest({ paths: [src], db, registry: null });
		expect(await ingest({ paths: [src], db, registry: null, rebuild: true })).toMatchObject({ ingested: 1, written: true });
		const cli = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', src, '--db', db, '--rebuild'], { encoding: 'utf8' });
		expect(cli.trim()).toMatch(/^ingested 1, unchanged 0, rejected 0/);
	});
});

describe('a file’s trouble is a rejection with its code, and the batch goes on', () => {
	it('over the cap, a folder named like a report, a link that loops, a pipe, an unsupported type, a non-report', async () => {
		const { src, db } = await folder('trouble');
		await writeFile(path.join(src, 'a.txt'), sampleReport('示例县甲镇人民政府', 2024, 4));
		await writeFile(path.join(src, 'huge.txt'), '');
		await truncate(path.join(src, 'huge.txt'), MAX_FILE_BYTES + 1); // sparse: no 40 MB written
		await mkdir(path.join(src, 'x.pdf'));
		await symlink('loop', path.join(src, 'loop.txt'));
		await symlink('..', path.join(src, 'up'));
		execFileSync('mkfifo', [path.join(src, 'pipe.html')]);
		await writeFile(path.join(src, 'report.xls'), 'not read');
		await writeFile(path.join(src, 'notes.txt'), '会议纪要：无。');
		await writeFile(path.join(src, 'readme.txt'), 'documentation');
		const s = await ingest({ paths: [src], db, registry: null });
		expect(s).toMatchObject({ ingested: 1, reports: 1, rejected: 7, written: true });
		expect(s.skipped).toEqual({ documentation: 1 });
		const rejected = await query<{ path: string; code: string; reason: string; sha256: string | null }>(
			db,
			'SELECT path, code, reason, sha256 FROM rejected_files ORDER BY path'
		);
		expect(rejected.map((r) => [path.basename(r.path), r.code])).toEqual([
			['huge.txt', 'too_large'],
			['loop.txt', 'not_a_file'],
			['notes.txt', 'not_a_report'],
			['pipe.html', 'not_a_file'],
			['report.xls', 'unsupported_type'],
			['up', 'not_a_file'],
			['x.pdf', 'not_a_file']
		]);
		expect(rejected.every((r) => r.reason.length > 0)).toBe(true);
		expect(rejected.find((r) => r.path.endsWith('huge.txt'))!.sha256).toBeNull();
		// A rerun finds them all unchanged: none is rejected again, nothing rewritten.
		expect(await ingest({ paths: [src], db, registry: null })).toMatchObject({ rejected: 0, unchanged: 8, written: false });
	});

	it('a file that vanishes or changes between the listing and its reading', async () => {
		const { src, db } = await folder('moving');
		// Read in path order, a few ahead: by the time the first is stored, the last are not read yet.
		for (let i = 0; i < 30; i++)
			await writeFile(path.join(src, `r${String(i).padStart(2, '0')}.txt`), sampleReport(`示例县第${'一二三四五六七八九十'[i % 10]}${i}街道办事处`, 2024, i));
		let touched = false;
		const s = await ingest({
			paths: [src],
			db,
			registry: null,
			workers: 0,
			onProgress: (done) => {
				if (done !== 1 || touched) return;
				touched = true;
				void unlink(path.join(src, 'r28.txt'));
				void writeFile(path.join(src, 'r29.txt'), sampleReport('示例县某街道办事处', 2024, 99));
			}
		});
		expect(s).toMatchObject({ ingested: 28, rejected: 2 });
		expect(await query(db, 'SELECT path, code FROM rejected_files ORDER BY path')).toEqual([
			{ path: expect.stringMatching(/r28\.txt$/), code: 'vanished' },
			{ path: expect.stringMatching(/r29\.txt$/), code: 'changed_during_run' }
		]);
		// The next run reads the changed file as it is now, and forgets the vanished one.
		expect(await ingest({ paths: [src], db, registry: null })).toMatchObject({ ingested: 1, rejected: 0, removed: 1 });
	});
});

describe('findings have stable ids', () => {
	it('the same ids from two full rebuilds, and after adding an unrelated agency or year', async () => {
		const { src, db } = await folder('stable');
		await cp('data/reports/real', src, { recursive: true });
		await ingest({ paths: [src], db, rebuild: true });
		const ids = async () => (await query<{ id: string }>(db, 'SELECT id FROM findings ORDER BY id')).map((f) => f.id);
		const first = await ids();
		expect(first.length).toBeGreaterThan(20);
		expect(new Set(first).size).toBe(first.length);
		await ingest({ paths: [src], db, rebuild: true });
		expect(await ids()).toEqual(first);
		// An unrelated agency, and another year of a known one.
		await writeFile(path.join(src, 'z-other.txt'), sampleReport('示例县甲镇人民政府', 2024, 4, '2024年，本单位共收到政府信息公开申请12件。'));
		await writeFile(path.join(src, 'z-dagan-2023.txt'), sampleReport('大安市叉干镇综合服务中心', 2023, 2));
		await ingest({ paths: [src], db });
		const grown = await ids();
		expect(first.filter((id) => !grown.includes(id))).toEqual([]);
		expect(grown.length).toBeGreaterThan(first.length);
		expect(new Set(grown).size).toBe(grown.length);
	});
});
