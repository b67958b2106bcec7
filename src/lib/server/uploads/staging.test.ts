/** Staged bytes no upload will commit are removed; those of a preview still open or a failed upload are kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Host } from '../db.js';
import { changeState, recordPreview } from '../workbench/uploads.js';
import { STAGING_MAX_AGE_MS, sweepStaging } from './service.js';

let dir: string;
let h: Host;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-staging-'));
	process.env.NIANBAO_STAGING = path.join(dir, 'staging');
	h = await Host.open({ workbench: path.join(dir, 'wb.duckdb') });
});
afterAll(async () => {
	delete process.env.NIANBAO_STAGING;
	h.close();
	await rm(dir, { recursive: true, force: true });
});

describe('the staging folder', () => {
	it('keeps an open preview and a failed upload; removes a done one, an unknown one and a stale preview', async () => {
		const ids = { open: 'a'.repeat(16), failed: 'b'.repeat(16), done: 'c'.repeat(16), unknown: 'd'.repeat(16) };
		for (const id of Object.values(ids)) {
			await mkdir(path.join(dir, 'staging', id), { recursive: true });
			await writeFile(path.join(dir, 'staging', id, '0.txt'), 'x');
			if (id !== ids.unknown) await recordPreview(h, 'rev', { id, agency_id: null }, []);
		}
		await changeState(h, 'rev', ids.failed, 'failed', '入库失败');
		await changeState(h, 'rev', ids.done, 'done');
		expect((await sweepStaging(h)).sort()).toEqual([ids.done, ids.unknown]);
		expect((await readdir(path.join(dir, 'staging'))).sort()).toEqual([ids.open, ids.failed]);
		expect(await sweepStaging(h, Date.now() + STAGING_MAX_AGE_MS + 1000)).toEqual([ids.open]);
	});
});
