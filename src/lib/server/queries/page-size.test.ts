/**
 * A report page stays small whatever the database holds: a section of 40 million characters, a
 * cell's raw text of 100,000, ten thousand warnings (as an older ingest, or a hand, could have
 * stored them) give a page under 2 MB. Served for real (`npm start`, which builds when stale).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingest } from '../../build/ingest.js';
import { query } from '../../build/testing.js';

const PORT = 4545;
const MAX_PAGE_BYTES = 2 * 1024 * 1024;
let dir: string;
let server: ChildProcess | null = null;

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-page-size-'));
}, 10_000);
afterAll(async () => {
	if (server?.exitCode === null) {
		const gone = new Promise((r) => server!.once('exit', r));
		server.kill('SIGTERM');
		await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
	}
	await rm(dir, { recursive: true, force: true });
});

describe('a report page whatever was ingested', () => {
	it('is under 2 MB with a 40-million-character section stored', async () => {
		const db = path.join(dir, 'big.duckdb');
		await ingest({ paths: ['data/reports/real/dagan-chagan-2024.txt'], db, registry: null });
		const [{ id }] = await query<{ id: number }>(db, 'SELECT id::BIGINT AS id FROM reports');
		const i = await DuckDBInstance.create(db);
		const c = await i.connect();
		await c.run(`UPDATE report_sections SET text = repeat('政务公开', 10000000)`);
		await c.run(`UPDATE cells SET raw = repeat('原', 100000)`);
		await c.run(`INSERT INTO report_warnings SELECT $id, 'w', repeat('提示', 5000), NULL FROM range(10000)`, { id });
		c.closeSync();
		i.closeSync();

		server = spawn('npm', ['start'], {
			env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', NIANBAO_DB: db, NIANBAO_WORKBENCH: path.join(dir, 'wb.duckdb') },
			stdio: 'ignore'
		});
		const url = `http://127.0.0.1:${PORT}/reports/${id}`;
		let res: Response | null = null;
		for (const end = Date.now() + 150_000; !res && Date.now() < end;) {
			res = await fetch(url).catch(() => null);
			if (!res) await new Promise((r) => setTimeout(r, 300));
		}
		expect(res?.status).toBe(200);
		const t0 = performance.now();
		const body = new Uint8Array(await (await fetch(url)).arrayBuffer());
		const ms = performance.now() - t0;
		console.log(`report page: ${(body.length / 1024).toFixed(0)} KB in ${ms.toFixed(0)} ms`);
		expect(body.length).toBeLessThan(MAX_PAGE_BYTES);
		expect(new TextDecoder().decode(body)).toContain('政务公开政务公开'); // the section is shown, in part
	}, 200_000);
});
