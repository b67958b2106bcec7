/**
 * Scanned PDFs: OCR (Tesseract, when installed) through the same layout as PDF text, and only
 * the values the tables' arithmetic confirms kept. The scans are made from the real PDFs (their
 * pages drawn as images), so every value kept can be compared with the text layer's.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parseBytes, parseFile } from '../parse.js';
import { scanOf } from '../fixtures/scan.js';
import { hocrToText, ocrAvailable, removeRules } from './ocr.js';
import { checkByArithmetic } from '../recognize/arithmetic.js';
import { APPLICANT_COLUMNS, APPLICATION_ROW_KEYS, REVIEW_GROUPS, REVIEW_MEASURES } from '../../report/template.js';
import type { Report, ReportWarning } from '../../report/schema.js';

const REAL = path.resolve('data/reports/real');

describe.skipIf(!ocrAvailable())('a scan of hongze-district-2024.pdf, read by OCR', () => {
	it('names the agency and the year; every value it keeps is the published one, and most are kept', async () => {
		const pdf = new Uint8Array(await readFile(path.join(REAL, 'hongze-district-2024.pdf')));
		const [scan, truth] = await Promise.all([parseBytes(await scanOf(pdf), 'scan.pdf'), parseFile(path.join(REAL, 'hongze-district-2024.pdf'))]);
		expect([scan.agency, scan.year]).toEqual(['淮安市洪泽区人民政府', 2024]);
		let kept = 0;
		for (const row of APPLICATION_ROW_KEYS) {
			for (const col of APPLICANT_COLUMNS) {
				const v = scan.applications[row][col];
				if (v === null) continue;
				kept++;
				expect(v, `${row}.${col}`).toBe(truth.applications[row][col]);
			}
		}
		for (const g of REVIEW_GROUPS) for (const m of REVIEW_MEASURES) if (scan.reviews[g][m] !== null) expect(scan.reviews[g][m]).toBe(truth.reviews[g][m]);
		expect(kept).toBeGreaterThanOrEqual(100);
		expect(scan.warnings.find((w) => w.code === 'ocr')?.message).toMatch(/扫描件/);
		// The text as OCR read it stays beside the nulls.
		expect(scan.raw.proactive.licensing.decisions).toBe('9487');
		expect(scan.proactive.licensing.decisions).toBeNull();
	}, 120_000);
});

describe('the OCR text', () => {
	const image = { width: 200, height: 100, scale: 1, gray: new Uint8Array(200 * 100).fill(255) };

	it('table rules are whitened, text strokes kept', () => {
		const g = image.gray.slice();
		for (let x = 10; x < 190; x++) g[50 * 200 + x] = 0; // a rule
		for (let y = 20; y < 26; y++) g[y * 200 + 40] = 0; // a short stroke
		const out = removeRules({ ...image, gray: g });
		expect(out.gray[50 * 200 + 100]).toBe(255);
		expect(out.gray[22 * 200 + 40]).toBe(0);
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
