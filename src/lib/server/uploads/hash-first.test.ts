/** A copy of a stored file, or of one before it in the upload, is refused by its hash: no parser (or OCR) is spent on it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { host, resetHost } from '../db.js';
import { ingest } from '../../build/ingest.js';
import { inProcessParser, type Parser } from '../../ingest/pool.js';
import { sampleReport } from '../../build/testing.js';
import { copiesByHash } from './match.js';
import { preview } from './service.js';
import type { SessionUser } from '../auth/roles.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-hash-first-'));
	process.env.NIANBAO_DB = path.join(dir, 'derived.duckdb');
	process.env.NIANBAO_WORKBENCH = path.join(dir, 'workbench.duckdb');
	process.env.NIANBAO_STAGING = path.join(dir, 'staging');
	await resetHost();
	await ingest({ paths: ['data/reports/real'], db: process.env.NIANBAO_DB, registry: 'data/agencies.csv' });
}, 60_000);
afterAll(async () => {
	await resetHost();
	await rm(dir, { recursive: true, force: true });
});

describe('copies are refused by their hash', () => {
	it('in order: a stored file’s copy, then a copy within the upload, the first of them kept', () => {
		expect(copiesByHash(['a', 'b', 'c', 'b'], new Set(['a']))).toEqual([expect.stringMatching(/重复文件/), null, null, expect.stringMatching(/本次上传中/)]);
	});

	it('before any parser reads them', async () => {
		const parsed: string[] = [];
		const inner = inProcessParser();
		const counting: Parser = { ...inner, parse: (file) => (parsed.push(file), inner.parse(file)) };
		const reviewer: SessionUser = { id: 1, username: 'r', role: 'reviewer', agency_id: null };
		const fresh = new TextEncoder().encode(sampleReport('平潭综合实验区公安局', 2018, 4));
		const p = await preview(
			await host(),
			reviewer,
			[
				{ name: 'stored-copy.txt', bytes: readFileSync('data/reports/real/pingtan-2019.txt') },
				{ name: 'new.txt', bytes: fresh },
				{ name: 'new-again.txt', bytes: fresh }
			],
			{ parse: counting }
		);
		expect(p.files.map((f) => [f.status, f.reason])).toEqual([
			['rejected', expect.stringMatching(/重复文件/)],
			['ok', null],
			['rejected', expect.stringMatching(/本次上传中的另一个文件/)]
		]);
		expect(parsed).toHaveLength(1);
		expect(parsed[0]).toMatch(/1\.txt$/);
	});
});
