/** Uploads in the workbench: recorded with their files, every change audited, an interrupted ingest marked failed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Host } from '../db.js';
import { listAudit } from './audit.js';
import { changeState, failInterrupted, getUpload, recordPreview, uploadFiles } from './uploads.js';

let dir: string;
let h: Host;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-uploads-'));
	h = await Host.open({ workbench: path.join(dir, 'wb.duckdb') });
});
afterAll(async () => {
	h.close();
	await rm(dir, { recursive: true, force: true });
});

const file = (name: string, status: 'ok' | 'rejected') => ({
	original_name: name,
	staged_path: status === 'ok' ? `staging/${name}` : null,
	size: 10,
	status,
	reason: status === 'ok' ? null : '不是报告',
	agency: '某单位',
	agency_id: status === 'ok' ? 7 : null,
	year: 2024,
	template: '2021',
	warnings: [{ code: 'w', message: '提示' }],
	sha256: status === 'ok' ? 'ab'.repeat(32) : null
});

describe('uploads in the workbench', () => {
	it('keeps an upload, its files and who sent them, audited', async () => {
		await recordPreview(h, 'rev', { id: '0123456789abcdef', agency_id: null }, [file('甲.txt', 'ok'), file('乙.pdf', 'rejected')]);
		expect(await getUpload(h, '0123456789abcdef')).toMatchObject({ username: 'rev', state: 'previewed', progress: 0 });
		const files = await uploadFiles(h, '0123456789abcdef');
		expect(files.map((f) => [f.original_name, f.status, f.agency_id])).toEqual([
			['甲.txt', 'ok', 7],
			['乙.pdf', 'rejected', null]
		]);
		expect(JSON.parse(files[0].warnings!)).toEqual([{ code: 'w', message: '提示' }]);
		const [row] = await h.read((c) => listAudit(c, { action: 'upload.preview' }));
		expect(row).toMatchObject({ actor: 'rev', target: 'upload:0123456789abcdef' });
	});

	it('marks an upload whose ingest was running at start as failed, with the reason, and audits it', async () => {
		await changeState(h, 'rev', '0123456789abcdef', 'ingesting');
		expect(await failInterrupted(h)).toEqual(['0123456789abcdef']);
		expect(await getUpload(h, '0123456789abcdef')).toMatchObject({ state: 'failed', error: expect.stringMatching(/可再次确认上传/) });
		const actions = (await h.read((c) => listAudit(c, { target: 'upload:0123456789abcdef' }))).map((r) => r.action);
		expect(actions).toEqual(['upload.failed', 'upload.ingesting', 'upload.preview']);
	});
});
