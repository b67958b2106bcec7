/**
 * The parser against real published reports: every cell of Tables 2, 3 and 4 equals the value
 * as published (read by hand from the files), blanks stay null, and the hand-read totals of
 * the corpus MANIFEST agree.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parseFile } from './parse.js';
import { APPLICATION_ROW_KEYS, APPLICANT_COLUMNS } from '../report/template.js';
import type { Report } from '../report/schema.js';
import { MANIFEST } from './fixtures/manifest.js';

const REAL = path.resolve('data/reports/real');
const FIXTURES = path.resolve('src/lib/ingest/fixtures');

/** Table 3 rows as published, columns 自然人 / 商业企业 / 科研 / 公益 / 法律服务 / 其他 / 总计. */
type Rows = Partial<Record<(typeof APPLICATION_ROW_KEYS)[number], (number | null)[]>>;
const Z = [0, 0, 0, 0, 0, 0, 0];

function expectApplications(r: Report, published: Rows, otherwiseZero = true) {
	for (const row of APPLICATION_ROW_KEYS) {
		const want = published[row] ?? (otherwiseZero ? Z : undefined);
		if (!want) continue;
		const got = APPLICANT_COLUMNS.map((c) => r.applications[row][c]);
		expect(got, `applications.${row}`).toEqual(want);
	}
}

function allCells(r: Report) {
	return [...Object.values(r.applications).flatMap((row) => Object.values(row)), ...Object.values(r.reviews).flatMap((g) => Object.values(g))];
}

// dagan-chagan-2024: hand-read from the .txt (one cell a line). （七）总计 and 行政事业性收费 are blank.
const DAGAN: Rows = {
	new_received: [1, 2, 2, 3, 1, 0, 9],
	granted: [1, 2, 2, 3, 1, 0, 9],
	total_processed: [null, null, null, null, null, null, null]
};

function expectDagan(r: Report) {
	expect(r.agency).toBe('大安市叉干镇综合服务中心');
	expect(r.year).toBe(2024);
	expect(r.template).toBe('2021');
	expect(r.title).toBe('大安市叉干镇综合服务中心2024年政府信息公开工作年度报告');
	expectApplications(r, DAGAN);
	for (const g of Object.values(r.reviews)) expect(g).toEqual({ upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 });
	expect(r.proactive).toEqual({
		regulations: { issued: 5, repealed: 0, in_force: 5 },
		normative_documents: { issued: 5, repealed: 0, in_force: 5 },
		licensing: { decisions: 3 },
		penalty: { decisions: 0 },
		coercion: { decisions: 0 },
		fees: { amount_wan: null }
	});
	// Blank is kept as blank text, never turned into 0.
	expect(r.raw.applications.total_processed.total).toBe('');
	expect(r.raw.proactive.fees.amount_wan).toBe('');
	expect(r.raw.applications.new_received.total).toBe('9');
	for (const k of ['overview', 'proactive', 'applications', 'reviews', 'problems', 'other_matters'] as const) {
		expect(r.sections[k], k).not.toBeNull();
	}
	expect(r.sections.overview).toContain('组织推动全省政府信息公开工作');
	expect(r.sections.problems).toContain('信息公开的深度还有待提高');
	expect(r.warnings).toEqual([]);
}

describe('dagan-chagan-2024 (text of a .docx, one cell a line)', () => {
	it('reads every cell as published', async () => {
		expectDagan(await parseFile(path.join(REAL, 'dagan-chagan-2024.txt')));
	});
});

describe('dagan-chagan-2024.docx (the same report as a Word document with merged cells)', () => {
	it('reads every cell as the text does', async () => {
		const docx = await parseFile(path.join(FIXTURES, 'dagan-chagan-2024.docx'));
		expectDagan(docx);
		expect(docx.format).toBe('docx');
		const txt = await parseFile(path.join(REAL, 'dagan-chagan-2024.txt'));
		expect(docx.applications).toEqual(txt.applications);
		expect(docx.reviews).toEqual(txt.reviews);
		expect(docx.proactive).toEqual(txt.proactive);
	});
});

describe('pingtan-2024.html (article body, rowspan label over several tags)', () => {
	it('reads every cell as published', async () => {
		const r = await parseFile(path.join(REAL, 'pingtan-2024.html'));
		expect(r.agency).toBe('平潭综合实验区');
		expect(r.year).toBe(2024);
		expect(r.template).toBe('2021');
		expect(r.format).toBe('html');
		// Read from the file's <td>s with another HTML parser (Python's html.parser).
		expectApplications(r, {
			new_received: [217, 1, 0, 0, 0, 0, 218],
			carried_over: Z,
			granted: [71, 0, 0, 0, 0, 0, 71],
			partially_granted: [29, 0, 0, 0, 0, 0, 29],
			'denied.state_secret': [4, 0, 0, 0, 0, 0, 4],
			'denied.third_party': [3, 0, 0, 0, 0, 0, 3],
			'denied.internal_affairs': [32, 0, 0, 0, 0, 0, 32],
			'unavailable.not_held': [75, 0, 0, 0, 0, 0, 75],
			'not_processed.duplicate': [1, 0, 0, 0, 0, 0, 1],
			'other.no_correction': [1, 0, 0, 0, 0, 0, 1],
			'other.other': [1, 1, 0, 0, 0, 0, 2],
			total_processed: [217, 1, 0, 0, 0, 0, 218]
		});
		expect(r.reviews).toEqual({
			review: { upheld: 2, corrected: 1, other: 3, pending: 1, total: 7 },
			litigation_direct: { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 },
			litigation_after_review: { upheld: 13, corrected: 2, other: 4, pending: 0, total: 19 }
		});
		expect(r.proactive).toEqual({
			regulations: { issued: 0, repealed: 0, in_force: 0 },
			normative_documents: { issued: 62, repealed: 33, in_force: 440 },
			licensing: { decisions: 4529 },
			penalty: { decisions: 1100 },
			coercion: { decisions: 65 },
			fees: { amount_wan: 18651.06 }
		});
		expect(allCells(r).every((v) => v !== null)).toBe(true);
		// The page has no title line: agency and year come from the body, and the parser says so.
		expect(r.title).toBeNull();
		expect(r.warnings.map((w) => w.code)).toEqual(['title_missing']);
		expect(r.sections.problems).toContain('新时代政府信息公开工作机');
		expect(r.sections.other_matters).toContain('无收取信息处理费情况');
	});
});

describe('MANIFEST.md totals', () => {
	it.each(MANIFEST)('%s', async (file, [n, co, g, tp, cf], review, [direct, after]) => {
		const r = await parseFile(path.join(REAL, file));
		const a = r.applications;
		expect([a.new_received.total, a.carried_over.total, a.granted.total, a.total_processed.total, a.carried_forward.total]).toEqual([n, co, g, tp, cf]);
		expect(r.reviews.review.total).toBe(review);
		expect([r.reviews.litigation_direct.total, r.reviews.litigation_after_review.total]).toEqual([direct, after]);
	});
});

describe('flattened page text (cells run together)', () => {
	it('pingtan-2021: the row splits MANIFEST gives, and a flag that the values were recovered', async () => {
		const r = await parseFile(path.join(REAL, 'pingtan-2021.txt'));
		expect(APPLICANT_COLUMNS.map((c) => r.applications.new_received[c])).toEqual([64, 0, 0, 2, 0, 4, 70]);
		expect(r.reviews).toEqual({
			review: { upheld: 1, corrected: 0, other: 2, pending: 0, total: 3 },
			litigation_direct: { upheld: 12, corrected: 0, other: 0, pending: 0, total: 12 },
			litigation_after_review: { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 }
		});
		expect(
			r.warnings
				.filter((w) => w.code === 'recovered_from_flat_text')
				.map((w) => w.where)
				.sort()
		).toEqual(['applications', 'proactive', 'reviews']);
		// 24252.311082 has more than one reading: said, not guessed.
		expect(r.proactive.fees.amount_wan).toBeNull();
		expect(r.warnings.find((w) => w.where === 'proactive.fees')?.message).toMatch(/24252\.311082.*多种读法/);
		// A run with one reading is read: 规章 000.
		expect(r.proactive.regulations).toEqual({ issued: 0, repealed: 0, in_force: 0 });
	});

	it('pingtan-2024: the row splits MANIFEST gives; the .txt and the .html give the same Tables 3 and 4', async () => {
		const txt = await parseFile(path.join(REAL, 'pingtan-2024.txt'));
		const html = await parseFile(path.join(REAL, 'pingtan-2024.html'));
		expect(APPLICANT_COLUMNS.map((c) => txt.applications.new_received[c])).toEqual([217, 1, 0, 0, 0, 0, 218]);
		expect(txt.reviews.review).toEqual({ upheld: 2, corrected: 1, other: 3, pending: 1, total: 7 });
		expect(txt.reviews.litigation_after_review).toEqual({ upheld: 13, corrected: 2, other: 4, pending: 0, total: 19 });
		expect(txt.applications).toEqual(html.applications);
		expect(txt.reviews).toEqual(html.reviews);
		expect([txt.agency, txt.year]).toEqual([html.agency, html.year]);
	});

	it('pingtan-2019: 政府集中采购 13575394432.52元 has several readings, listed in the warning', async () => {
		const r = await parseFile(path.join(REAL, 'pingtan-2019.txt'));
		expect(r.template).toBe('2019');
		expect(r.proactive.procurement).toEqual({ projects: null, amount: null });
		const w = r.warnings.find((x) => x.where === 'proactive.procurement');
		expect(w?.code).toBe('flat_ambiguous');
		expect(w?.message).toContain('13575394432.52');
	});

	it('a missing cell is blank where the run shows its gap, or at the end', async () => {
		const jinjing = await parseFile(path.join(REAL, 'pingtan-jinjingpianqu-2024.txt'));
		expect(APPLICANT_COLUMNS.map((c) => jinjing.applications.carried_forward[c])).toEqual([0, 0, 0, 0, 0, 0, null]);
		const gonganju = await parseFile(path.join(REAL, 'pingtan-gonganju-2019.txt'));
		expect(APPLICANT_COLUMNS.map((c) => gonganju.applications.new_received[c])).toEqual([0, null, 0, 0, 0, 0, 0]);
	});

	it('a run read as published although its total does not add up (haitanpianqu-2025)', async () => {
		const r = await parseFile(path.join(REAL, 'pingtan-haitanpianqu-2025.txt'));
		expect(APPLICANT_COLUMNS.map((c) => r.applications.new_received[c])).toEqual([2, 0, 0, 0, 0, 0, 0]);
	});

	it('the reading that breaks the fewest rules, when the published table does not add up, is said so', async () => {
		const r = await parseFile(path.join(REAL, 'pingtan-ziranziyuan-shengtaihuanjingju-2023.txt'));
		expect(APPLICANT_COLUMNS.map((c) => r.applications.total_processed[c])).toEqual([19, 1, 0, 0, 0, 0, 19]);
		expect(r.warnings.find((w) => w.where === 'applications.total_processed')?.code).toBe('flat_best_reading');
	});

	it('rows with no digits at all are blank (shichangjianduguanliju-2022 （六）2 and 3)', async () => {
		const r = await parseFile(path.join(REAL, 'pingtan-shichangjianduguanliju-2022.txt'));
		expect(r.applications['other.unpaid_fee'].total).toBeNull();
		expect(r.applications['other.other'].total).toBeNull();
		expect(r.applications['other.no_correction'].total).toBe(0);
	});
});
