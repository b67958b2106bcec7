/**
 * Ingest against the real corpus and against corpora the tests write: totals through SQL,
 * idempotent reruns, a changed file, a corrupt file, two sources of one report, and a kill in
 * the middle of a rebuild.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingest, isStale } from './ingest.js';
import { MANIFEST } from '../ingest/fixtures/manifest.js';
import { query, sampleReport } from './testing.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-ingest-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

/** A folder of report files for one test, and the database beside it. */
async function folder(name: string): Promise<{ src: string; db: string }> {
	const src = path.join(dir, name);
	await mkdir(src, { recursive: true });
	return { src, db: path.join(dir, `${name}.duckdb`) };
}

const sample = sampleReport;

/** Tables a build makes for itself (the plan's, the checks', the text index's stage): none is published. */
const leftovers = (db: string) =>
	query(db, `SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'ingest%' OR table_name LIKE 'check%' OR table_name = 'text_numbered'`);

describe('ingest of the real corpus', () => {
	const db = () => path.join(dir, 'real.duckdb');

	it('gives exactly the MANIFEST.md totals through SQL', async () => {
		const s = await ingest({ paths: ['data/reports/real'], db: db() });
		expect(s.rejected).toBe(0);
		const rows = await query<{ path: string; row_key: string; col_key: string; value: number | null }>(
			db(),
			`SELECT s.path, c.row_key, c.col_key, c.value
			 FROM report_sources s JOIN cells c ON c.report_id = s.report_id
			 WHERE c.col_key = 'total' AND c.table_key IN ('applications', 'reviews')`
		);
		for (const [file, [n, co, g, tp, cf], review, [direct, after]] of MANIFEST) {
			const v = (row: string) => rows.find((r) => r.path.endsWith('/' + file) && r.row_key === row)?.value;
			// Where a report has two sources, its primary's values stand for both.
			expect([v('new_received'), v('carried_over'), v('granted'), v('total_processed'), v('carried_forward')], file).toEqual([n, co, g, tp, cf]);
			expect([v('review'), v('litigation_direct'), v('litigation_after_review')], file).toEqual([review, direct, after]);
		}
	});

	it('keeps pingtan-2024.txt and .html as one report, the richer source primary', async () => {
		const sources = await query<{ path: string; role: string; report_id: number }>(
			db(),
			`SELECT path, role, report_id FROM report_sources WHERE path LIKE '%pingtan-2024.%' ORDER BY path`
		);
		expect(sources.map((s) => [path.basename(s.path), s.role])).toEqual([
			['pingtan-2024.html', 'primary'],
			['pingtan-2024.txt', 'alternative']
		]);
		expect(new Set(sources.map((s) => s.report_id)).size).toBe(1);
		// Their Tables 3 and 4 agree: no conflict.
		expect(await query(db(), `SELECT * FROM findings WHERE rule = 'source_conflict'`)).toEqual([]);
	});

	it('matches every report to its registered agency, with the region', async () => {
		const rows = await query<{ name: string; region: string; needs_review: boolean; n: number }>(
			db(),
			`SELECT a.id, a.name, a.region, a.needs_review, count(r.id)::INTEGER AS n FROM agencies a LEFT JOIN reports r ON r.agency_id = a.id GROUP BY ALL ORDER BY a.id`
		);
		expect(rows.every((r) => !r.needs_review && r.n > 0)).toBe(true);
		expect(rows.find((r) => r.name === '淮安市洪泽区人民政府')).toMatchObject({ region: '江苏省/淮安市/洪泽区', n: 2 });
		expect(rows.find((r) => r.name === '平潭综合实验区')).toMatchObject({ n: 7 });
	});

	it('a rerun is all unchanged and does not rewrite the file', async () => {
		const before = (await stat(db())).mtimeMs;
		const s = await ingest({ paths: ['data/reports/real'], db: db() });
		expect(s).toMatchObject({ ingested: 0, rejected: 0, written: false });
		expect(s.unchanged).toBe(32);
		expect((await stat(db())).mtimeMs).toBe(before);
	});
});

describe('ingest with parser processes', () => {
	it('writes the same database as parsing and checking in one process', async () => {
		// The real corpus: text, HTML, PDF, two sources of one report; plus a file that is rejected.
		const src = path.join(dir, 'pooled');
		await cp('data/reports/real', src, { recursive: true });
		await writeFile(path.join(src, 'broken.docx'), 'PK\u0003\u0004 not a zip');
		const one = path.join(dir, 'one-process.duckdb');
		const pooled = path.join(dir, 'pooled.duckdb');
		await ingest({ paths: [src], db: one, workers: 0, checksApart: false });
		await ingest({ paths: [src], db: pooled, workers: 2, checksApart: true });
		// The serving tables too: made by a step of their own, apart or not.
		const tables = [
			'agencies',
			'reports',
			'cells',
			'report_sections',
			'report_warnings',
			'report_sources',
			'findings',
			'metrics',
			'files',
			'report_list',
			'scope_text',
			'text_grams',
			'text_gram_df'
		];
		for (const t of [...tables, 'rejected_files']) {
			const sql = t === 'rejected_files' ? 'SELECT path, sha256, reason FROM rejected_files ORDER BY ALL' : `SELECT * FROM ${t} ORDER BY ALL`;
			const [a, b] = await Promise.all([query(one, sql), query(pooled, sql)]);
			expect(b, t).toEqual(a);
			expect(a.length, t).toBeGreaterThan(0);
		}
		expect([await leftovers(one), await leftovers(pooled)]).toEqual([[], []]);
	}, 120_000);
});

describe('ingest of a changing folder', () => {
	it('a corrupt file is recorded with its reason while the others load; a changed file replaces its report', async () => {
		const { src, db } = await folder('changing');
		await writeFile(path.join(src, 'a.txt'), sample('示例县甲镇人民政府', 2023, 5));
		await writeFile(path.join(src, 'b.txt'), sample('示例县乙镇人民政府', 2023, 7));
		await writeFile(path.join(src, 'broken.docx'), 'this is not a zip');
		let s = await ingest({ paths: [src], db });
		expect(s).toMatchObject({ ingested: 2, unchanged: 0, rejected: 1, reports: 2 });
		const rejected = await query<{ path: string; code: string; reason: string }>(db, 'SELECT path, code, reason FROM rejected_files');
		expect(rejected).toHaveLength(1);
		expect(rejected[0].path).toMatch(/broken\.docx$/);
		expect(rejected[0].code).toBe('broken_file');
		expect(rejected[0].reason).toMatch(/不是有效的 Word 文档/);
		expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM reports')).toEqual([{ n: 2 }]);
		// New agencies are added from their names and marked for review.
		expect(await query(db, `SELECT name, level, region, needs_review FROM agencies WHERE needs_review ORDER BY name`)).toEqual([
			{ name: '示例县乙镇人民政府', level: 'township', region: '示例县', needs_review: true },
			{ name: '示例县甲镇人民政府', level: 'township', region: '示例县', needs_review: true }
		]);

		await writeFile(path.join(src, 'a.txt'), sample('示例县甲镇人民政府', 2023, 9));
		s = await ingest({ paths: [src], db });
		expect(s).toMatchObject({ ingested: 1, unchanged: 2, rejected: 0 });
		const totals = await query(
			db,
			`SELECT a.name, c.value FROM cells c JOIN reports r ON r.id = c.report_id JOIN agencies a ON a.id = r.agency_id
			 WHERE c.row_key = 'new_received' AND c.col_key = 'total' ORDER BY a.name`
		);
		expect(totals).toEqual([
			{ name: '示例县乙镇人民政府', value: 7 },
			{ name: '示例县甲镇人民政府', value: 9 }
		]);
		// The rejected file is still recorded (unchanged), and one row per file.
		expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM rejected_files')).toEqual([{ n: 1 }]);
		expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM files')).toEqual([{ n: 3 }]);
		// The plan's tables live in the file while it is built, and none is left in it.
		expect(await leftovers(db)).toEqual([]);
	});

	// No registry: the real one's agencies, owing reports these folders do not have, are beside the point.
	it('two sources of one report that disagree are a finding naming the cells', async () => {
		const { src, db } = await folder('conflict');
		await writeFile(path.join(src, 'x.txt'), sample('示例县丙镇人民政府', 2024, 3));
		await writeFile(path.join(src, 'x-copy.txt'), sample('示例县丙镇人民政府', 2024, 4));
		await ingest({ paths: [src], db, registry: null });
		const f = await query<{ rule: string; cells: string; message: string }>(db, 'SELECT rule, cells, message FROM findings');
		expect(f).toHaveLength(1);
		expect(f[0].rule).toBe('source_conflict');
		expect(JSON.parse(f[0].cells)).toContainEqual({ table: 'applications', row: 'new_received', col: 'total' });
	});

	it('a second source arriving in a later run joins the report stored before, whichever wins', async () => {
		const { src, db } = await folder('later-source');
		await writeFile(path.join(src, 'y.txt'), sample('示例县丁镇人民政府', 2024, 3));
		await ingest({ paths: [src], db, registry: null });
		// The same agency and year again, from a new file (the old one unchanged): not a second report.
		await writeFile(path.join(src, 'y-again.txt'), sample('示例县丁镇人民政府', 2024, 5));
		const s = await ingest({ paths: [src], db, registry: null });
		expect(s).toMatchObject({ ingested: 1, unchanged: 1, rejected: 0 });
		expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM reports')).toEqual([{ n: 1 }]);
		expect(await query(db, `SELECT status FROM files ORDER BY status`)).toEqual([{ status: 'alternative' }, { status: 'report' }]);
		expect(await query(db, `SELECT rule FROM findings`)).toEqual([{ rule: 'source_conflict' }]);
		// And a rerun changes nothing.
		expect((await ingest({ paths: [src], db, registry: null })).written).toBe(false);
	});
});

describe('corrected versions (更正版)', () => {
	const agency = '示例县戊镇人民政府';
	/** The 2023 report with a blank where a number belongs (a blank_required finding), and its correction. */
	const withBlank = sample(agency, 2023, 3, undefined, (c) => (c.applications.carried_over.total = null));
	const corrected = sample(agency, 2023, 4);
	const UPLOADED = 'new-2023-20250301T020000Z-0a0b0c0d.txt';

	async function versions(db: string) {
		return query<{ version: number; path: string; arrived: string | null; arrived_from: string | null; current: boolean; changed_cells: number }>(
			db,
			`SELECT version, path, arrived, arrived_from, current, changed_cells FROM report_versions ORDER BY version`
		);
	}

	it('an upload with other figures becomes the report; the earlier version is kept with its cells and its findings, and a rebuild says the same', async () => {
		const { src, db } = await folder('versions');
		await writeFile(path.join(src, 'a.txt'), withBlank);
		await ingest({ paths: [src], db });
		expect((await versions(db)).map((v) => [v.version, v.current])).toEqual([[1, true]]);
		const [before] = await query<{ id: string }>(db, `SELECT id FROM findings WHERE rule = 'blank_required'`);
		expect(before).toBeDefined();

		await mkdir(path.join(src, 'uploads'));
		await writeFile(path.join(src, 'uploads', UPLOADED), corrected);
		const s = await ingest({ paths: [src], db });
		expect(s).toMatchObject({ ingested: 1, reports: 0 });
		for (const run of ['after the upload', 'after a rebuild']) {
			const v = await versions(db);
			expect(
				v.map((x) => [x.version, path.basename(x.path), x.arrived, x.arrived_from, x.current, x.changed_cells]),
				run
			).toEqual([
				[1, 'a.txt', null, null, false, 0],
				[2, UPLOADED, '2025-03-01T10:00:00', 'upload', true, 7]
			]);
			expect(await query(db, `SELECT count(*)::INTEGER AS n FROM reports`)).toEqual([{ n: 1 }]);
			const [r] = await query<{ source_path: string }>(db, `SELECT source_path FROM reports`);
			expect(path.basename(r.source_path), run).toBe(UPLOADED);
			expect(await query(db, `SELECT value FROM cells WHERE row_key = 'new_received' AND col_key = 'total'`)).toEqual([{ value: 4 }]);
			// The earlier version's own figures, beside the report's.
			expect(await query(db, `SELECT version, value FROM version_cells WHERE row_key = 'new_received' AND col_key = 'total'`)).toEqual([
				{ version: 1, value: 3 }
			]);
			expect(await query(db, `SELECT path, role, version FROM report_sources ORDER BY version`)).toEqual([
				{ path: path.relative(process.cwd(), path.join(src, 'a.txt')), role: 'earlier', version: 1 },
				{ path: path.relative(process.cwd(), path.join(src, 'uploads', UPLOADED)), role: 'primary', version: 2 }
			]);
			expect(await query(db, `SELECT status FROM files ORDER BY status`)).toEqual([{ status: 'earlier' }, { status: 'report' }]);
			// Not a conflict of two sources: a correction.
			expect(await query(db, `SELECT rule FROM findings WHERE rule = 'source_conflict'`)).toEqual([]);
			// The blank the correction filled: a finding of version 1, gone from the report.
			expect(await query(db, `SELECT version, rule FROM version_findings WHERE id = $1`, [before.id])).toEqual([{ version: 1, rule: 'blank_required' }]);
			expect(await query(db, `SELECT id FROM findings WHERE id = $1`, [before.id])).toEqual([]);
			await ingest({ paths: [src], db, rebuild: true });
		}
	});

	it('of two dated files with other figures, the later published one is the report, whatever their names', async () => {
		const { src, db } = await folder('versions-dated');
		await writeFile(path.join(src, 'a-later.txt'), corrected + '\n2025年3月1日\n');
		await writeFile(path.join(src, 'b-first.txt'), withBlank + '\n2025年1月20日\n');
		await ingest({ paths: [src], db });
		expect((await versions(db)).map((v) => [path.basename(v.path), v.arrived, v.arrived_from, v.current])).toEqual([
			['b-first.txt', '2025-01-20', 'published', false],
			['a-later.txt', '2025-03-01', 'published', true]
		]);
	});
});

describe('an ingest killed half way', () => {
	const cn = (i: number) => String(i).replace(/\d/g, (d) => '〇一二三四五六七八九'[Number(d)]);
	/** A folder ingested once, then 400 more reports to ingest: the database before, and the folder. */
	async function grown(name: string) {
		const { src, db } = await folder(name);
		await cp('data/reports/real/dagan-chagan-2024.txt', path.join(src, 'first.txt'));
		await ingest({ paths: [src], db });
		const before = await query(db, 'SELECT count(*)::INTEGER AS n FROM reports');
		for (let i = 0; i < 400; i++) await writeFile(path.join(src, `r${i}.txt`), sample(`示例县第${cn(i)}街道办事处`, 2023, i));
		return { src, db, before };
	}
	/** The CLI, as node itself: the tsx launcher runs the script in a child that a SIGKILL of it would leave running. */
	function ingestCli(src: string, db: string, env: NodeJS.ProcessEnv = {}) {
		const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', src, '--db', db], { stdio: 'ignore', env: { ...process.env, ...env } });
		const exited = new Promise((r) => child.on('exit', r));
		return { child, exited, tmp: `${db}.tmp-${child.pid}` };
	}
	async function until(what: string, ready: () => boolean) {
		for (let t = 0; !ready(); t++) {
			expect(t, what).toBeLessThan(1500);
			await new Promise((r) => setTimeout(r, 10));
		}
	}
	/** The next ingest finishes the job, and clears what the killed one left. */
	async function finishes(src: string, db: string, tmp: string) {
		expect(existsSync(tmp)).toBe(true);
		await ingest({ paths: [src], db });
		expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM reports')).toEqual([{ n: 401 }]);
		expect(existsSync(tmp)).toBe(false);
		expect(existsSync(`${tmp}.wal`)).toBe(false);
	}

	it('leaves the previous database intact and readable', async () => {
		const { src, db, before } = await grown('many');
		const { child, exited, tmp } = ingestCli(src, db);
		// Killed while it writes: its temporary database exists (it is renamed into place only at the end).
		await until('the ingest never started writing', () => existsSync(tmp));
		await new Promise((r) => setTimeout(r, 100));
		child.kill('SIGKILL');
		await exited;
		expect(child.signalCode).toBe('SIGKILL');
		expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM reports')).toEqual(before);
		await finishes(src, db, tmp);
	});

	it('killed while its checks run apart, leaves it too, and the checks end', async () => {
		const { src, db, before } = await grown('checking');
		const { child, exited, tmp } = ingestCli(src, db, { NIANBAO_CHECKS_APART: '1' });
		const checker = () => {
			try {
				const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').split(' ').filter(Boolean);
				return kids.find((k) => readFileSync(`/proc/${k}/cmdline`, 'utf8').includes('build-step-process'));
			} catch {
				return undefined;
			}
		};
		await until('the checks never started', () => checker() !== undefined);
		const pid = Number(checker());
		child.kill('SIGKILL');
		await exited;
		await until(
			'the checks went on without the ingest',
			() => !existsSync(`/proc/${pid}`) || readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z')
		);
		expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM reports')).toEqual(before);
		await finishes(src, db, tmp);
	});
});

describe('whether npm start must rebuild the database', () => {
	it('when it is missing, older than a report, or made by other code', async () => {
		const { src, db } = await folder('stale');
		await cp('data/reports/real/dagan-chagan-2024.txt', path.join(src, 'a.txt'));
		expect(await isStale(db, [src])).toBe(true);
		await ingest({ paths: [src], db });
		expect(await isStale(db, [src])).toBe(false);
		// Built a minute ago; a report file touched now.
		const before = new Date(Date.now() - 60_000);
		for (const f of [db, `${db}.checked`]) await utimes(f, before, before);
		const now = new Date();
		await utimes(path.join(src, 'a.txt'), now, now);
		expect(await isStale(db, [src])).toBe(true);
		// The content did not change: nothing is rewritten, and the next start does not ingest again.
		expect((await ingest({ paths: [src], db })).written).toBe(false);
		expect(await isStale(db, [src])).toBe(false);
		// A database read or checked by other code is remade, however new.
		for (const key of ['readers_version', 'checks_version']) {
			const i = await DuckDBInstance.create(db);
			const c = await i.connect();
			const [[was]] = (await c.runAndReadAll(`SELECT value FROM meta WHERE key = $1`, [key])).getRowsJS();
			await c.run(`UPDATE meta SET value = 'other' WHERE key = $1`, [key]);
			c.closeSync();
			i.closeSync();
			expect(await isStale(db, [src]), key).toBe(true);
			const j = await DuckDBInstance.create(db);
			const d = await j.connect();
			await d.run(`UPDATE meta SET value = $2 WHERE key = $1`, [key, String(was)]);
			d.closeSync();
			j.closeSync();
			expect(await isStale(db, [src]), key).toBe(false);
		}
	});
});
