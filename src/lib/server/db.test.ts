/**
 * The dashboard's connection: read-only, values bound as parameters, rows parsed by zod, and
 * a database swapped in by ingest is picked up without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DuckDBInstance } from '@duckdb/node-api';
import { DerivedOutdated, host, query, resetHost } from './db.js';
import { SCHEMA_VERSION } from '../contract/tables.js';
import { ingest } from '../build/ingest.js';

let dir: string;
let src: string;
// Each test stands on the database built here, whatever the others do or in which order they run.
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-db-'));
	process.env.NIANBAO_DB = path.join(dir, 'live.duckdb');
	src = path.join(dir, 'reports');
	await mkdir(src);
	await cp('data/reports/real/dagan-chagan-2024.txt', path.join(src, 'a.txt'));
	await cp('data/reports/real/pingtan-2020.txt', path.join(src, 'p.txt'));
	await ingest({ paths: [src], db: process.env.NIANBAO_DB });
	await resetHost();
});
afterAll(async () => {
	await resetHost();
	delete process.env.NIANBAO_DB;
	await rm(dir, { recursive: true, force: true });
});

const Count = z.object({ n: z.number().int() });

describe('the read-only connection', () => {
	it('sees a database that ingest swapped in, without a restart', async () => {
		const before = (await query(Count, 'SELECT count(*)::INTEGER AS n FROM reports'))[0].n;
		await cp('data/reports/real/pingtan-2021.txt', path.join(src, 'b.txt'));
		await ingest({ paths: [src], db: process.env.NIANBAO_DB! });
		expect(await query(Count, 'SELECT count(*)::INTEGER AS n FROM reports')).toEqual([{ n: before + 1 }]);
	});

	it('keeps an answer until what it reads changes: a workbench query sees the next write, bookkeeping aside', async () => {
		process.env.NIANBAO_WORKBENCH = path.join(dir, 'wb.duckdb');
		await resetHost();
		const h = await host();
		await h.write((c) => c.run('CREATE TABLE IF NOT EXISTS wb.t (n INTEGER)'));
		const count = () => query(Count, 'SELECT count(*)::INTEGER AS n FROM wb.t');
		expect(await count()).toEqual([{ n: 0 }]);
		await h.write((c) => c.run('INSERT INTO wb.t VALUES (1)'), { keepsAnswers: true });
		expect(await count()).toEqual([{ n: 0 }]); // said to change nothing cached: the answer is kept
		await h.write((c) => c.run('INSERT INTO wb.t VALUES (2)'));
		expect(await count()).toEqual([{ n: 2 }]);
		expect(h.answers.hits).toBeGreaterThan(0);
		delete process.env.NIANBAO_WORKBENCH;
		await resetHost();
	});

	it('refuses derived data of another schema version with a message saying how to rebuild, and serves the rebuilt file', async () => {
		const live = process.env.NIANBAO_DB!;
		const old = path.join(dir, 'old.duckdb');
		await copyFile(live, old);
		const instance = await DuckDBInstance.create(old);
		const c = await instance.connect();
		await c.run(`UPDATE meta SET value = '${SCHEMA_VERSION - 1}' WHERE key = 'schema_version'`);
		c.closeSync();
		instance.closeSync();
		await rename(old, live);
		const read = query(Count, 'SELECT count(*)::INTEGER AS n FROM reports');
		await expect(read).rejects.toBeInstanceOf(DerivedOutdated);
		await expect(read).rejects.toThrow(/npm run ingest/);
		// The workbench is not the derived file's: signing in and the admin pages still read it.
		const h = await host();
		expect(await h.read(async (c) => (await c.runAndReadAll(`SELECT count(*) FROM wb.users`)).getRowsJS()[0][0])).toBeDefined();
		await ingest({ paths: [src], db: live });
		expect((await query(Count, 'SELECT count(*)::INTEGER AS n FROM reports'))[0].n).toBeGreaterThan(0);
	});

	it('binds values as parameters: a hostile value is data, not SQL', async () => {
		const Row = z.object({ name: z.string() });
		const hostile = "x' OR '1'='1";
		expect(await query(Row, 'SELECT name FROM agencies WHERE name = $1', [hostile])).toEqual([]);
		const rows = await query(Row, 'SELECT name FROM agencies WHERE name = $name', { name: '平潭综合实验区' });
		expect(rows).toEqual([{ name: '平潭综合实验区' }]);
	});

	it('rejects rows that do not match the schema', async () => {
		await expect(query(z.object({ n: z.string() }), 'SELECT 1::INTEGER AS n')).rejects.toThrow();
	});
});
