/** A source file is served only while its bytes are those ingested: changed since, it is 410. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ingest } from '$lib/build/ingest';
import { query } from '$lib/build/testing';
import { resetHost } from '$lib/server/db';
import { GET } from './+server';

let dir: string;
let id: number;
const file = () => path.join(dir, 'dagan-chagan-2024.txt');

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-source-'));
	await copyFile('data/reports/real/dagan-chagan-2024.txt', file());
	const db = path.join(dir, 's.duckdb');
	await ingest({ paths: [file()], db, registry: null });
	[{ id }] = await query<{ id: number }>(db, 'SELECT id::BIGINT AS id FROM reports');
	process.env.NIANBAO_DB = db;
	process.env.NIANBAO_WORKBENCH = path.join(dir, 'wb.duckdb');
	await resetHost();
}, 60_000);
afterAll(async () => {
	await resetHost();
	delete process.env.NIANBAO_DB;
	delete process.env.NIANBAO_WORKBENCH;
	await rm(dir, { recursive: true, force: true });
});

const get = async () => {
	try {
		return (await GET({ params: { id: String(id), n: '0' } } as never)).status;
	} catch (e) {
		return (e as { status: number }).status;
	}
};

describe('a report source file', () => {
	it('is served as ingested, and is gone (410) once its bytes change', async () => {
		expect(await get()).toBe(200);
		await appendFile(file(), '\n篡改');
		expect(await get()).toBe(410);
		await rm(file());
		expect(await get()).toBe(410);
	});
});
