/**
 * The 通报, the 整改通知 and the 问题清单, built from the real reports and read back: their XML
 * parsed, their text holding the agencies, figures and cells; the Word files converted to PDF by
 * LibreOffice where it is installed (it is in CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { host, resetHost } from '../db.js';
import { ingest } from '../../build/ingest.js';
import { resolveScope } from '../queries/scope.js';
import { findingsInScope } from '../queries/findings.js';
import { reviewFindings } from '../workbench/decisions.js';
import { historyOf } from '../workbench/reviews.js';
import { agencyNoticeOf, regionNoticeOf } from './notice-data.js';
import { noticeDocx, type NoticeModel } from './notice.js';
import { problemsWorkbook } from './problems.js';
import { rosterCounts, rosterEntries } from '../queries/roster.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-documents-'));
	process.env.NIANBAO_DB = path.join(dir, 'derived.duckdb');
	process.env.NIANBAO_WORKBENCH = path.join(dir, 'workbench.duckdb');
	await resetHost();
	await ingest({ paths: ['data/reports/real'], db: process.env.NIANBAO_DB });
}, 60_000);
afterAll(async () => {
	await resetHost();
	await rm(dir, { recursive: true, force: true });
});

/** The text of a .docx's body, paragraph by paragraph. */
function docxText(bytes: Uint8Array): string {
	const files = unzipSync(bytes);
	expect(Object.keys(files)).toEqual(expect.arrayContaining(['word/document.xml', '[Content_Types].xml']));
	const xml = strFromU8(files['word/document.xml']);
	return xml
		.split('</w:p>')
		.map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
		.join('\n');
}

function convertsToPdf(file: string) {
	if (!existsSync('/usr/bin/soffice')) return;
	execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', path.dirname(file), file], { timeout: 120_000, stdio: 'ignore' });
	expect(existsSync(file.replace(/\.docx$/, '.pdf'))).toBe(true);
}

describe('the 通报 of a region and year', () => {
	it('names the figures, the missing reports, each agency’s problems with their cells, the charts and the deadline; Word opens it', async () => {
		const scope = await resolveScope({ region: '福建省', year: 2024 });
		const reviewer = { id: 1, username: 'r', role: 'reviewer' as const, agency_id: null };
		const all = await findingsInScope(scope, { state: 'all' }, { notes: true });
		const [first, second] = all.filter((f) => f.cells.length);
		await reviewFindings(await host(), reviewer, [first.id], { state: 'confirmed', note: '' });
		await reviewFindings(await host(), reviewer, [second.id], { state: 'dismissed', note: '表格无误' });
		const model = await regionNoticeOf(scope, { deadline: '2025-06-30' }, new URL('http://x/'));
		const bytes = await noticeDocx(model);
		const text = docxText(bytes);
		expect(text).toContain('关于福建省2024年度政府信息公开工作年度报告审查情况的通报');
		expect(text).toMatch(/应报送年度报告\d+家，已收到\d+份/);
		expect(text).toContain('2025年6月30日');
		expect(text).toContain(first.agency);
		expect(text).toContain(first.message);
		expect(text).toMatch(/表三「[^」]+」行「[^」]+」列/);
		expect(text).toContain('核实状态：属实');
		expect(text).toContain('各单位年报质量评分');
		// A dismissed finding is not notified.
		expect(text).not.toContain(second.message);
		// Two charts, as PNG images in the package.
		const media = Object.keys(unzipSync(bytes)).filter((f) => f.startsWith('word/media/'));
		expect(media.length).toBe(2);
		const file = path.join(dir, 'notice.docx');
		await writeFile(file, bytes);
		convertsToPdf(file);
	}, 180_000);

	it('lists the first problems one by one when asked for fewer, with the same figures, and says how many it leaves out', async () => {
		const scope = await resolveScope({ region: '福建省', year: 2024 });
		const text = (m: NoticeModel) => m.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
		const all = await regionNoticeOf(scope, {}, new URL('http://x/'), { images: false });
		const few = await regionNoticeOf(scope, {}, new URL('http://x/'), { images: false, listed: 3 });
		const figures = (m: NoticeModel) => text(m).find((t) => t.startsWith('应报送年度报告'));
		expect(figures(few)).toBe(figures(all));
		const total = Number(figures(all)!.match(/共发现问题(\d+)条/)![1]);
		expect(total).toBeGreaterThan(3);
		expect(text(all).filter((t) => /^\d+\. 【/.test(t))).toHaveLength(total);
		expect(text(few).filter((t) => /^\d+\. 【/.test(t))).toHaveLength(3);
		expect(text(few)).toContain(`以上逐条列出问题3条，另有${total - 3}条未逐条列出，详见问题清单。`);
		expect(text(all).some((t) => t.includes('未逐条列出'))).toBe(false);
		const tables = (m: NoticeModel) => m.blocks.filter((b) => b.kind === 'table');
		expect(tables(few)).toEqual(tables(all));
	}, 60_000);

	it('an agency’s 整改通知 lists its own problems only', async () => {
		const model = (await agencyNoticeOf(1, 2024, {}))!;
		const text = docxText(await noticeDocx(model));
		expect(text).toContain('关于吉林省白城市大安市叉干镇综合服务中心2024年度政府信息公开工作年度报告问题的整改通知');
		expect(text).toContain('表三「（七）总计」行');
		expect(text).not.toContain('平潭');
	});
});

describe('the roster in the documents: 应报 = 已收 + 缺报 (福建省 2025, on 2026-12-07)', () => {
	it('the 通报 says 12 owed, 3 received, 9 missing, and names the nine', async () => {
		const scope = await resolveScope({ region: '福建省', year: 2025 });
		const model = await regionNoticeOf(scope, {}, new URL('http://x/'), { images: false });
		const figures = model.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : [])).find((t) => t.startsWith('应报送年度报告'))!;
		expect(figures).toMatch(/^应报送年度报告12家，已收到3份，缺报9家：/);
		expect(figures).toContain('平潭综合实验区财政金融局');
		expect(figures).not.toContain('海坛片区管理局'); // its 2025 report came
	});

	it('the 问题清单 lists the twelve with their status, and says the same figures', async () => {
		const scope = await resolveScope({ region: '福建省', year: 2025 });
		const roster = { counts: await rosterCounts(scope), entries: await rosterEntries(scope) };
		const files = unzipSync(problemsWorkbook([], [], 'http://127.0.0.1:3000', '清单', roster));
		expect(strFromU8(files['xl/workbook.xml'])).toContain('name="报送情况"');
		const sheet = strFromU8(files['xl/worksheets/sheet3.xml']);
		expect(sheet.match(/<row /g)!.length).toBe(12 + 1);
		expect(sheet.match(/缺报/g)!.length).toBe(9);
		expect(strFromU8(files['xl/worksheets/sheet4.xml'])).toContain('应报12家，已收到3份（其中逾期0份），缺报9家');
	});

	it('a 催报通知 for a report owed and not sent, and none for one that came', async () => {
		const model = (await agencyNoticeOf(5, 2025, { kind: 'missing', deadline: '2026-12-31' }))!;
		const text = docxText(await noticeDocx(model));
		expect(text).toContain('关于报送平潭综合实验区财政金融局2025年度政府信息公开工作年度报告的催报通知');
		expect(text).toContain('应于2026年1月31日前向社会公布2025年度政府信息公开工作年度报告');
		expect(text).toContain('2026年12月31日前');
		await expect(agencyNoticeOf(7, 2025, { kind: 'missing' })).rejects.toThrow('已收到，无需催报');
	});
});

describe('the 问题清单', () => {
	it('has one row per finding, a bold frozen header, widths and Chinese sheet names', async () => {
		const scope = await resolveScope({ region: '福建省', year: 2024 });
		const findings = await findingsInScope(scope, { state: 'all' }, { notes: true });
		const history = await (
			await host()
		).read((c) =>
			historyOf(
				c,
				findings.map((f) => f.id)
			)
		);
		const roster = { counts: await rosterCounts(scope), entries: await rosterEntries(scope) };
		const files = unzipSync(problemsWorkbook(findings, history, 'http://127.0.0.1:3000', '清单', roster));
		const workbook = strFromU8(files['xl/workbook.xml']);
		expect(workbook).toContain('name="问题清单"');
		expect(workbook).toContain('name="按类型汇总"');
		const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
		expect(sheet).toContain('state="frozen"');
		expect(sheet).toMatch(/<col min="1" max="1" width="\d+"/);
		expect(sheet.match(/<row /g)!.length).toBe(findings.length + 1);
		expect(sheet).toMatch(/<c r="A1" s="1"/);
		expect(strFromU8(files['xl/styles.xml'])).toContain('<b/>');
		expect(sheet).toContain('http://127.0.0.1:3000/reports/');
		expect(sheet).toContain('表格无误'); // the dismissed one's note, from the test before
	});
});
