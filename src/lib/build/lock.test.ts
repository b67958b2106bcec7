/** One writer per database: a second waits or refuses; a lock left by a killed process is taken over. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { LockHeld, lockDatabase, lockFileOf } from './lock.js';
import { ingest } from './ingest.js';
import { query } from './testing.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-lock-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('the writer lock', () => {
	it('refuses a second writer at once, or lets it wait until the first is done', async () => {
		const db = path.join(dir, 'a.duckdb');
		const release = await lockDatabase(db);
		await expect(lockDatabase(db)).rejects.toThrow(LockHeld);
		await expect(lockDatabase(db)).rejects.toThrow(`进程 ${process.pid}`);
		const said: string[] = [];
		const second = lockDatabase(db, { waitMs: 5000, pollMs: 20, onWait: (m) => said.push(m) });
		await new Promise((r) => setTimeout(r, 100));
		await release();
		const releaseSecond = await second;
		expect(said).toEqual([expect.stringContaining('等待其完成')]);
		await releaseSecond();
		expect(existsSync(lockFileOf(db))).toBe(false);
	});

	it('takes over a lock whose process is gone, and one never written that has grown old', async () => {
		const db = path.join(dir, 'b.duckdb');
		// A process number no process has here (above the kernel's pid_max).
		await writeFile(lockFileOf(db), JSON.stringify({ pid: 2 ** 30, host: hostname(), since: '2026-12-07T00:00:00Z' }));
		const said: string[] = [];
		const release = await lockDatabase(db, { onWait: (m) => said.push(m) });
		expect(said).toEqual([expect.stringContaining('已结束的进程')]);
		await release();
		await writeFile(lockFileOf(db), '');
		await expect(lockDatabase(db)).rejects.toThrow(LockHeld);
		const old = new Date(Date.now() - 60_000);
		await utimes(lockFileOf(db), old, old);
		await (
			await lockDatabase(db)
		)();
	});

	it('a release never removes a lock another process has taken since', async () => {
		const db = path.join(dir, 'c.duckdb');
		const release = await lockDatabase(db);
		await writeFile(lockFileOf(db), JSON.stringify({ pid: process.pid + 1, host: hostname(), since: 'x' }));
		await release();
		expect(existsSync(lockFileOf(db))).toBe(true);
	});
});

describe('ingests of one database', () => {
	it('started together, run one after the other: every report of both is there, none lost', async () => {
		const db = path.join(dir, 'together.duckdb');
		// Whichever takes the lock first, the other waits, and says so.
		const said: string[] = [];
		const onLockWait = (m: string) => said.push(m);
		const runs = await Promise.all([
			ingest({ paths: ['data/reports/real'], db, registry: null, onLockWait }),
			ingest({ paths: ['data/reports/real'], db, registry: null, rebuild: true, onLockWait })
		]);
		expect(said).toEqual([expect.stringContaining('等待其完成')]);
		// The rebuild reads every file, whether it ran first or second: all its reports are there.
		expect(runs[1].written).toBe(true);
		const [n] = await query<{ n: number }>(db, 'SELECT count(*)::INTEGER AS n FROM reports');
		expect(n.n).toBe(runs[1].reports);
		expect(n.n).toBeGreaterThan(30);
		expect(existsSync(lockFileOf(db))).toBe(false);
	});

	it('refuses at once when told not to wait, and leaves the database as it was', async () => {
		const db = path.join(dir, 'together.duckdb');
		const release = await lockDatabase(db);
		try {
			await expect(ingest({ paths: ['data/reports/real'], db, registry: null, rebuild: true, lockWaitMs: 0 })).rejects.toThrow(LockHeld);
		} finally {
			await release();
		}
		expect((await query<{ n: number }>(db, 'SELECT count(*)::INTEGER AS n FROM reports'))[0].n).toBeGreaterThan(30);
	});
});
