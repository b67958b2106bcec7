/**
 * Reviews stay attached to their findings through any rebuild (stable ids), and a reviewed
 * finding that a rebuild no longer finds is 已消除 with its history kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { host, resetHost } from '../db.js';
import { ingest } from '../../build/ingest.js';
import { sampleReport } from '../../build/testing.js';
import { findingsOfReport, goneFindings, countsByRule } from '../queries/findings.js';
import { reviewFindings, replyTo } from './decisions.js';
import { historyOf, LATEST_REVIEW, NOTE, STATE } from './reviews.js';
import { resolveScope } from '../queries/scope.js';
import { qualityOfReport } from '../queries/quality.js';
import type { SessionUser } from '../auth/roles.js';

let dir: string;
const reviewer: SessionUser = { id: 1, username: 'reviewer', role: 'reviewer', agency_id: null };

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-reviews-'));
	process.env.NIANBAO_DB = path.join(dir, 'derived.duckdb');
	process.env.NIANBAO_WORKBENCH = path.join(dir, 'workbench.duckdb');
	await resetHost();
});
afterAll(async () => {
	await resetHost();
	await rm(dir, { recursive: true, force: true });
});

/** A report whose narrative says 12 applications against a table of 5: one text_table_mismatch finding. */
const contradicting = (n: number) => sampleReport('示例县甲镇人民政府', 2024, n, '2024年，本单位共收到政府信息公开申请12件。');

describe('reviews of findings', () => {
	it('a finding’s state is its latest review, under its id or its former id: one row a finding', async () => {
		const h = await host();
		const review = (id: number, finding: string, state: string) =>
			h.write((c) =>
				c.run(`INSERT INTO wb.reviews VALUES ($1, $2, 1, 2024, 'r', 'm', $3, $4, 'x', now()::TIMESTAMP)`, [id, finding, state, `${finding}:${id}`])
			);
		await review(9001, 'A', 'confirmed');
		await review(9002, 'b-old', 'dismissed');
		await review(9003, 'c-old', 'confirmed');
		await review(9004, 'C', 'dismissed');
		await review(9005, 'D', 'confirmed');
		await review(9006, 'd-old', 'dismissed');
		try {
			const rows = await h.read(async (c) =>
				(
					await c.runAndReadAll(
						`SELECT f.id, ${STATE} AS state, ${NOTE} AS note
						 FROM (VALUES ('A', NULL), ('B', 'b-old'), ('C', 'c-old'), ('D', 'd-old'), ('E', 'e-old')) f(id, former_id) ${LATEST_REVIEW} ORDER BY f.id`
					)
				).getRowsJS()
			);
			expect(rows).toEqual([
				['A', 'confirmed', 'A:9001'],
				['B', 'dismissed', 'b-old:9002'],
				['C', 'dismissed', 'C:9004'],
				['D', 'dismissed', 'd-old:9006'],
				['E', 'open', null]
			]);
		} finally {
			await h.write((c) => c.run(`DELETE FROM wb.reviews WHERE id > 9000`));
		}
	});

	it('survive a full rebuild, leave counts when dismissed, and show 已消除 with their history when the finding is gone', async () => {
		const src = path.join(dir, 'reports');
		await mkdir(src);
		await writeFile(path.join(src, 'a.txt'), contradicting(5));
		await ingest({ paths: [src], db: process.env.NIANBAO_DB!, registry: null });
		const h = await host();
		const reportId = (await h.read(async (c) => (await c.runAndReadAll('SELECT id FROM reports')).getRowsJS()[0][0])) as number;
		const [finding] = (await findingsOfReport(Number(reportId), { notes: true })).filter((f) => f.rule === 'text_table_mismatch');
		expect(finding.state).toBe('open');

		await expect(reviewFindings(h, reviewer, [finding.id], { state: 'dismissed', note: '' })).rejects.toThrow(/理由/);
		const [confirmed] = await reviewFindings(h, reviewer, [finding.id], { state: 'confirmed', note: '正文与表格不一致' });
		expect(confirmed).toMatchObject({ state: 'confirmed', note: '正文与表格不一致', reviewer: 'reviewer' });
		const agencyUser: SessionUser = { id: 2, username: 'jia', role: 'agency', agency_id: finding.agency_id };
		await replyTo(h, agencyUser, finding.id, '已在更正版中修改');
		await expect(replyTo(h, { ...agencyUser, agency_id: finding.agency_id + 1 }, finding.id, '不是我的')).rejects.toMatchObject({ status: 403 });

		// A full rebuild: the same finding, the same id, the review still on it.
		await ingest({ paths: [src], db: process.env.NIANBAO_DB!, registry: null, rebuild: true });
		const [again] = (await findingsOfReport(Number(reportId), { notes: true })).filter((f) => f.rule === 'text_table_mismatch');
		expect(again).toMatchObject({ id: finding.id, state: 'confirmed', note: '正文与表格不一致', replies: 1 });

		// Dismissed, it leaves the counts (shown on request).
		const scope = await resolveScope({});
		const counted = async (all: boolean) => (await countsByRule(scope, all)).find((c) => c.rule === 'text_table_mismatch')?.n ?? 0;
		expect(await counted(false)).toBe(1);
		const scored = (await qualityOfReport(Number(reportId))).total;
		await reviewFindings(h, reviewer, [finding.id], { state: 'dismissed', note: '正文含上年结转' });
		expect(await counted(false)).toBe(0);
		expect(await counted(true)).toBe(1);
		// A dismissed finding costs no points.
		expect((await qualityOfReport(Number(reportId))).total).toBeGreaterThan(scored);

		// The report corrected: the finding is gone, its history kept as 已消除.
		await writeFile(path.join(src, 'a.txt'), contradicting(12));
		await ingest({ paths: [src], db: process.env.NIANBAO_DB!, registry: null });
		expect((await findingsOfReport(Number(reportId), { notes: true })).filter((f) => f.rule === 'text_table_mismatch')).toEqual([]);
		const gone = await goneFindings({ agency: finding.agency_id });
		expect(gone).toEqual([expect.objectContaining({ id: finding.id, state: 'dismissed', rule: 'text_table_mismatch' })]);
		const history = await h.read((c) => historyOf(c, [finding.id]));
		expect(history.map((x) => [x.kind, x.state, x.username])).toEqual([
			['review', 'confirmed', 'reviewer'],
			['reply', null, 'jia'],
			['review', 'dismissed', 'reviewer']
		]);
	});
});
