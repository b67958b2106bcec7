/** A served database checked before a deadline is known to be behind once the deadline has passed, and only then. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { host, resetHost } from './db.js';
import { ingest } from '../build/ingest.js';
import { seasonBehind } from './season-watch.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-season-'));
	process.env.NIANBAO_DB = path.join(dir, 'derived.duckdb');
	process.env.NIANBAO_WORKBENCH = path.join(dir, 'workbench.duckdb');
	await resetHost();
	await ingest({ paths: ['data/reports/real'], db: process.env.NIANBAO_DB, registry: 'data/agencies.csv', today: '2026-01-20' });
}, 60_000);
afterAll(async () => {
	await resetHost();
	await rm(dir, { recursive: true, force: true });
});

describe('the season watch', () => {
	it('is behind on the day after 31 January and after 31 March, not before', async () => {
		const h = await host();
		expect(await seasonBehind(h, '2026-01-20')).toBe(false);
		expect(await seasonBehind(h, '2026-01-31')).toBe(false);
		expect(await seasonBehind(h, '2026-02-01')).toBe(true);
	});

	it('is not behind once the checks ran again as of the new day', async () => {
		await ingest({ paths: ['data/reports/real'], db: process.env.NIANBAO_DB!, registry: 'data/agencies.csv', today: '2026-02-01' });
		await resetHost();
		const h = await host();
		expect(await seasonBehind(h, '2026-03-31')).toBe(false);
		expect(await seasonBehind(h, '2026-04-01')).toBe(true);
	});
});
