/**
 * Scanned PDFs: OCR (Tesseract, when installed) through the same layout as PDF text, and only
 * the values the tables' arithmetic confirms kept. The scans (tests/fixtures/scans) are made from the real PDFs (their
 * pages drawn as images), so every value kept can be compared with the text layer's.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parseFile } from '../parse.js';
import { withPageProgress } from '../progress.js';
import { SCAN_FIXTURES, SCANS_DIR, compareWithPublished } from '../fixtures/scans.js';
import { hocrToText, ocrAvailable } from './ocr.js';
import { findRules, gridCells, withoutRules } from './scan-grid.js';
import { checkByArithmetic } from '../recognize/arithmetic.js';
import { APPLICANT_COLUMNS, APPLICATION_ROW_KEYS, REVIEW_GROUPS } from '../../report/template.js';
import type { Report, ReportWarning } from '../../report/schema.js';

const REAL = path.resolve('data/reports/real');

/**
 * The committed scans (tests/fixtures/scans, made from the real PDFs by fixtures/make-scans.ts):
 * every value kept is the one the text layer gives, most are kept, and the report is read.
 * What each keeps is measured by `npm run bench -- ocr`; the floors here only catch a collapse.
 */
describe.skipIf(!ocrAvailable())('the scans of the real PDFs, read by OCR', () => {
	const floors: Record<string, number> = { 'hongze-district-2024': 0.85, 'hongze-district-2023': 0.85, 'huaian-city-2024': 0.85 };
	for (const { real, scan } of SCAN_FIXTURES) {
		it(`${scan}: every Table 3 and 4 value kept is the published one; the agency, year and sections are read`, async () => {
			const pages: [number, number][] = [];
			const [read, published] = await Promise.all([
				withPageProgress(
					(n, of) => pages.push([n, of]),
					() => parseFile(path.join(SCANS_DIR, scan))
				),
				parseFile(path.join(REAL, real))
			]);
			// Each page told as it is read (the upload's progress): 1 of m, 2 of m, …
			expect(pages.length).toBeGreaterThan(0);
			expect(pages).toEqual(pages.map((_, i) => [i + 1, pages.length]));
			expect(read.year).toBe(published.year);
			// The title is read (a character of it may be misread: 洪 as 潜 in one scan).
			expect(read.agency).toMatch(/^淮安市(.{2}区)?人民政府$|^洪泽区人民政府$/);
			expect(read.sections.problems).toBeTruthy();
			const c = compareWithPublished(read, published);
			expect(c.wrong).toEqual([]);
			const name = real.replace('.pdf', '');
			expect((c.applications.accepted + c.reviews.accepted) / (c.applications.published + c.reviews.published)).toBeGreaterThanOrEqual(floors[name]);
			expect(read.warnings.find((w) => w.code === 'ocr')?.message).toMatch(/扫描件/);
			// Table 2 has no sums: its values stay null, the text as OCR read it beside them.
			expect(
				Object.values(read.proactive)
					.flatMap((m) => Object.values(m))
					.every((v) => v === null)
			).toBe(true);
		}, 240_000);
	}

	it('a Table 4 row of narrow ruled cells is read cell by cell (hongze 2024: 1 1 0 0 2 | 1 0 0 0 1 | 2 0 1 0 3)', async () => {
		const read = await parseFile(path.join(SCANS_DIR, 'hongze-district-2024.scan.pdf'));
		expect(read.reviews).toEqual({
			review: { upheld: 1, corrected: 1, other: 0, pending: 0, total: 2 },
			litigation_direct: { upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 },
			litigation_after_review: { upheld: 2, corrected: 0, other: 1, pending: 0, total: 3 }
		});
	}, 240_000);
});

describe('the OCR text', () => {
	const image = { width: 200, height: 100, scale: 1, gray: new Uint8Array(200 * 100).fill(255) };

	it('table rules are found and whitened, text strokes kept; the cells they enclose', () => {
		const g = image.gray.slice();
		for (const y of [10, 50, 90]) for (let x = 10; x < 190; x++) g[y * 200 + x] = 0; // three rules across
		for (const x of [10, 100, 190]) for (let y = 10; y <= 90; y++) g[y * 200 + x] = 0; // three down
		for (let y = 20; y < 26; y++) g[y * 200 + 40] = 0; // a short stroke
		const grid = findRules({ ...image, gray: g });
		expect([grid.horizontal.map((r) => r.at), grid.vertical.map((r) => r.at)]).toEqual([
			[10, 50, 90],
			[10, 100, 190]
		]);
		const out = withoutRules({ ...image, gray: g }, grid);
		expect(out.gray[50 * 200 + 60]).toBe(255);
		expect(out.gray[22 * 200 + 40]).toBe(0);
		expect(gridCells(grid, 1)).toEqual([
			{ left: 10, top: 10, right: 100, bottom: 50 },
			{ left: 100, top: 10, right: 190, bottom: 50 },
			{ left: 10, top: 50, right: 100, bottom: 90 },
			{ left: 100, top: 50, right: 190, bottom: 90 }
		]);
	});

	it('pieces of one line stand on its baseline; close Chinese words join; digits apart in one word split; a word off the line is on its own', () => {
		const c = (l: number, t: number, r: number, b: number, text: string) =>
			`<span class='ocrx_cinfo' title='x_bboxes ${l} ${t} ${r} ${b}; x_conf 99'>${text}</span>`;
		const word = (l: number, t: number, r: number, b: number, chars: string, conf = 90) =>
			`<span class='ocrx_word' id='w' title='bbox ${l} ${t} ${r} ${b}; x_wconf ${conf}'>${chars}</span>`;
		const hocr = [
			`<span class='ocr_line' id='l1' title="bbox 10 10 200 32; baseline 0 -2; x_size 20; x_descenders 2; x_ascenders 4">`,
			word(10, 10, 30, 30, c(10, 10, 20, 30, '行') + c(20, 10, 30, 30, '政')),
			word(34, 12, 54, 30, c(34, 12, 54, 30, '许可')),
			word(120, 11, 190, 30, c(120, 11, 130, 30, '1') + c(160, 11, 170, 30, '0') + c(172, 11, 182, 30, '5')),
			word(92, 10, 96, 30, c(92, 10, 96, 30, '|'), 95),
			word(60, 40, 80, 60, c(60, 40, 80, 60, '注')),
			'</span>'
		].join('');
		const out = hocrToText(hocr, image);
		expect(out.map((t) => t.text)).toEqual(['行政许可', '1', '05', '注']);
		expect(new Set(out.slice(0, 3).map((t) => t.y)).size).toBe(1);
		expect(out[0].y).toBe(100 - 30);
		expect(out[3].y).toBeLessThan(out[0].y);
	});
});

describe('values read by OCR are kept as far as the arithmetic confirms', () => {
	const report = (): Report => {
		const applications = Object.fromEntries(APPLICATION_ROW_KEYS.map((r) => [r, Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, 0]))]));
		return {
			template: '2021',
			applications,
			reviews: Object.fromEntries(REVIEW_GROUPS.map((g) => [g, { upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 }])),
			proactive: { licensing: { decisions: 12 } }
		} as unknown as Report;
	};

	it('a row whose sum fails, and a row shifted by an unread cell, are left blank; confirmed rows kept; Table 2 blank', () => {
		const r = report();
		Object.assign(r.applications.new_received, { natural_person: 5, total: 5 });
		Object.assign(r.applications.total_processed, { natural_person: 5, total: 5 });
		Object.assign(r.applications.granted, { natural_person: 5, total: 5 });
		Object.assign(r.applications.partially_granted, { natural_person: 3, total: 4 }); // misread: 3 + 0 … ≠ 4
		Object.assign(r.applications.carried_forward, { natural_person: null, commercial: 2, total: 2 }); // 2 read one column right
		r.reviews.review.total = 2; // 1 + 0 + 0 + 0 ≠ 2
		const warnings: ReportWarning[] = [];
		checkByArithmetic(r, (w) => warnings.push(w));
		expect(r.applications.new_received).toMatchObject({ natural_person: 5, total: 5 });
		// The misread cells are blank; the zeros beside them are confirmed by their columns.
		expect(r.applications.partially_granted).toMatchObject({ natural_person: null, commercial: 0, total: null });
		expect(r.applications.carried_forward).toMatchObject({ natural_person: null, commercial: null, research: 0, total: null });
		expect(r.reviews.review).toEqual({ upheld: null, corrected: null, other: null, pending: null, total: null });
		expect(r.reviews.litigation_direct).toEqual({ upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 });
		expect(r.proactive.licensing.decisions).toBeNull();
		expect(warnings.map((w) => w.where)).toContain('applications.partially_granted');
		expect(warnings.at(-1)?.code).toBe('ocr');
	});
});
