/**
 * A registry edit never loses what people decided: after a rename, a move and a merge (each
 * written by the registry's writer, then ingested), every report stays, under the same ids, and
 * each reviewed finding keeps its review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { host, resetHost } from '../db.js';
import { ingest } from '../../build/ingest.js';
import { editRegistry } from '../../build/registry-amend.js';
import { findingsOfAgency } from '../queries/findings.js';
import { reviewFindings } from '../workbench/decisions.js';
import type { SessionUser } from '../auth/roles.js';
import { query } from '../../build/testing.js';

let dir: string;
let registry: string;
const reviewer: SessionUser = { id: 1, username: 'reviewer', role: 'reviewer', agency_id: null };

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-registry-reviews-'));
	process.env.NIANBAO_DB = path.join(dir, 'derived.duckdb');
	process.env.NIANBAO_WORKBENCH = path.join(dir, 'workbench.duckdb');
	registry = path.join(dir, 'agencies.csv');
	await copyFile('data/agencies.csv', registry);
	await resetHost();
	await ingest({ paths: ['data/reports/real'], db: process.env.NIANBAO_DB, registry });
}, 60_000);
afterAll(async () => {
	await resetHost();
	await rm(dir, { recursive: true, force: true });
});

const reportsOf = (agency: number) =>
	query<{ id: number }>(process.env.NIANBAO_DB!, 'SELECT id FROM reports WHERE agency_id = $1 ORDER BY id', [agency]).then((r) => r.map((x) => Number(x.id)));

async function reingest() {
	await ingest({ paths: ['data/reports/real'], db: process.env.NIANBAO_DB!, registry });
	await resetHost();
}

describe('registry edits keep reports and reviews', () => {
	it('rename, move and merge: the same reports under the same ids, every review on its finding', async () => {
		// 公安局 (6) and 海坛片区管理局 (7): their findings reviewed before any edit.
		const before6 = await reportsOf(6);
		const before7 = await reportsOf(7);
		expect(before6.length).toBeGreaterThan(1);
		expect(before7.length).toBeGreaterThan(1);
		const reviewed = [...(await findingsOfAgency(6, { notes: true })).slice(0, 2), ...(await findingsOfAgency(7, { notes: true })).slice(0, 2)];
		expect(reviewed.length).toBe(4);
		await reviewFindings(
			await host(),
			reviewer,
			reviewed.map((f) => f.id),
			{ state: 'confirmed', note: '核实属实' }
		);

		await editRegistry(registry, [{ rename: 6, name: '平潭综合实验区公安分局' }]);
		await reingest();
		expect(await reportsOf(6)).toEqual(before6);
		await editRegistry(registry, [{ move: 7, parent_id: 4 }]);
		await reingest();
		await editRegistry(registry, [{ merge: 7, into: 6, last_year: 2024 }]);
		await reingest();
		// 撤并: 7's reports stay its own (the keys reviews hang on); the survivor's page lists them.
		expect(await reportsOf(7)).toEqual(before7);
		expect(await reportsOf(6)).toEqual(before6);
		expect(
			await query(process.env.NIANBAO_DB!, 'SELECT name, merged_into::INTEGER AS merged_into, last_year FROM agencies WHERE id IN (6, 7) ORDER BY id')
		).toEqual([
			{ name: '平潭综合实验区公安分局', merged_into: null, last_year: null },
			{ name: '平潭综合实验区海坛片区管理局', merged_into: 6, last_year: 2024 }
		]);
		const after = [...(await findingsOfAgency(6, { notes: true })), ...(await findingsOfAgency(7, { notes: true }))];
		for (const f of reviewed)
			expect(
				after.find((x) => x.id === f.id),
				f.id
			).toMatchObject({ state: 'confirmed', note: '核实属实' });
		// Merged away after 2024, 7 no longer owes 2025.
		expect(
			await query(process.env.NIANBAO_DB!, `SELECT count(*)::INTEGER AS n FROM roster WHERE agency_id = 7 AND year = 2025 AND status = 'missing'`)
		).toEqual([{ n: 0 }]);
	});
});
