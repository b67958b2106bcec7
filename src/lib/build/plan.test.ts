/** What a run reads again: a file refused for a reason that was not the file's is not left as its verdict. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingest } from './ingest.js';
import { query } from './testing.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-plan-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('a rejection that was not the file’s', () => {
	it('is not kept as its verdict: the next run reads the file again (its parser had died)', async () => {
		const src = path.join(dir, 'transient');
		const db = path.join(dir, 'transient.duckdb');
		await rm(src, { recursive: true, force: true });
		await mkdir(src, { recursive: true });
		await writeFile(path.join(src, 'x.txt'), '这不是年度报告，只是一段文字。');
		expect((await ingest({ paths: [src], db, registry: null })).rejected).toBe(1);
		expect((await ingest({ paths: [src], db, registry: null })).rejected).toBe(0); // its verdict stands: unchanged
		// As if its parser process had died while reading it.
		const i = await DuckDBInstance.create(db);
		const c = await i.connect();
		await c.run(`UPDATE rejected_files SET code = 'parser_crashed'`);
		c.closeSync();
		i.closeSync();
		expect((await ingest({ paths: [src], db, registry: null })).rejected).toBe(1);
		expect(await query(db, 'SELECT code FROM rejected_files')).toEqual([{ code: 'not_a_report' }]);
		expect((await ingest({ paths: [src], db, registry: null })).rejected).toBe(0);
	});
});
