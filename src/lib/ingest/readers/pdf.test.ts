/**
 * PDF reports: every Table 3 and Table 4 cell of two real PDFs equals the published value (read
 * independently with poppler's `pdftotext -layout`), a PDF with wrong totals is read as printed,
 * and PDFs that cannot be read are rejected with the reason.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parseBytes, parseFile } from '../parse.js';
import { ParseError } from '../document.js';
import { readPdf } from './pdf.js';
import { engineFailed, loadPdfium, pdfiumEachPage, pdfiumRender } from './pdfium.js';
import { blankPdf, streamBombPdf } from '../hostile.js';
import { APPLICANT_COLUMNS, APPLICATION_ROW_KEYS } from '../../report/template.js';
import type { Report } from '../../report/schema.js';

const REAL = path.resolve('data/reports/real');
type Rows = Record<(typeof APPLICATION_ROW_KEYS)[number], (number | null)[]>;
const Z = [0, 0, 0, 0, 0, 0, 0];
const NONE = [null, null, null, null, null, null, null];

function table3(r: Report): Rows {
	return Object.fromEntries(APPLICATION_ROW_KEYS.map((k) => [k, APPLICANT_COLUMNS.map((c) => r.applications[k][c])])) as Rows;
}

describe('huaian-city-2024.pdf', () => {
	it('every Table 3 and Table 4 cell as published', async () => {
		const r = await parseFile(path.join(REAL, 'huaian-city-2024.pdf'));
		expect([r.agency, r.year, r.template, r.format]).toEqual(['淮安市人民政府', 2024, '2021', 'pdf']);
		expect(table3(r)).toEqual({
			new_received: [3001, 53, 0, 0, 61, 4, 3119],
			carried_over: [34, 0, 0, 0, 0, 0, 34],
			granted: [1288, 21, 0, 0, 50, 3, 1362],
			partially_granted: [447, 7, 0, 0, 0, 0, 454],
			'denied.state_secret': [2, 0, 0, 0, 0, 0, 2],
			'denied.law_prohibited': [30, 1, 0, 0, 0, 0, 31],
			'denied.security_stability': [5, 0, 0, 0, 0, 0, 5],
			'denied.third_party': [6, 0, 0, 0, 0, 0, 6],
			'denied.internal_affairs': [7, 1, 0, 0, 0, 0, 8],
			'denied.process_info': [12, 0, 0, 0, 0, 0, 12],
			'denied.enforcement_file': [9, 0, 0, 0, 0, 0, 9],
			'denied.query_matter': [105, 0, 0, 0, 0, 0, 105],
			'unavailable.not_held': [746, 12, 0, 0, 10, 1, 769],
			'unavailable.needs_creation': [11, 0, 0, 0, 0, 0, 11],
			'unavailable.unclear': [1, 0, 0, 0, 0, 0, 1],
			'not_processed.petition': [56, 6, 0, 0, 0, 0, 62],
			'not_processed.duplicate': [25, 0, 0, 0, 0, 0, 25],
			'not_processed.publication': Z,
			'not_processed.excessive': Z,
			'not_processed.confirmation': [1, 0, 0, 0, 0, 0, 1],
			'other.no_correction': [67, 3, 0, 0, 1, 0, 71],
			'other.unpaid_fee': [6, 0, 0, 0, 0, 0, 6],
			'other.other': [108, 2, 0, 0, 0, 0, 110],
			total_processed: [2932, 53, 0, 0, 61, 4, 3050],
			carried_forward: [103, 0, 0, 0, 0, 0, 103]
		});
		expect(r.reviews).toEqual({
			review: { upheld: 72, corrected: 64, other: 178, pending: 37, total: 351 },
			litigation_direct: { upheld: 13, corrected: 4, other: 8, pending: 1, total: 26 },
			litigation_after_review: { upheld: 12, corrected: 1, other: 1, pending: 6, total: 20 }
		});
		// Labels broken over lines and a multi-page table put back together: no warning at all.
		expect(r.warnings).toEqual([]);
		expect(r.sections.overview).toContain('2024年，我市坚持以习近平新时代中国特');
	});
});

describe('hongze-district-2024.pdf', () => {
	it('every Table 3 and Table 4 cell as published (a single （六）其他处理 row, as printed)', async () => {
		const r = await parseFile(path.join(REAL, 'hongze-district-2024.pdf'));
		expect([r.agency, r.year]).toEqual(['淮安市洪泽区人民政府', 2024]);
		expect(table3(r)).toEqual({
			new_received: [95, 0, 0, 0, 0, 0, 95],
			carried_over: Z,
			granted: [50, 0, 0, 0, 0, 0, 50],
			partially_granted: [9, 0, 0, 0, 0, 0, 9],
			'denied.state_secret': Z,
			'denied.law_prohibited': Z,
			'denied.security_stability': [1, 0, 0, 0, 0, 0, 1],
			'denied.third_party': Z,
			'denied.internal_affairs': Z,
			'denied.process_info': [1, 0, 0, 0, 0, 0, 1],
			'denied.enforcement_file': [1, 0, 0, 0, 0, 0, 1],
			'denied.query_matter': Z,
			'unavailable.not_held': [31, 0, 0, 0, 0, 0, 31],
			'unavailable.needs_creation': [1, 0, 0, 0, 0, 0, 1],
			'unavailable.unclear': Z,
			'not_processed.petition': [1, 0, 0, 0, 0, 0, 1],
			'not_processed.duplicate': Z,
			'not_processed.publication': Z,
			'not_processed.excessive': Z,
			'not_processed.confirmation': Z,
			'other.no_correction': NONE,
			'other.unpaid_fee': NONE,
			'other.other': Z,
			total_processed: [95, 0, 0, 0, 0, 0, 95],
			carried_forward: Z
		});
		expect(r.reviews).toEqual({
			review: { upheld: 1, corrected: 1, other: 0, pending: 0, total: 2 },
			litigation_direct: { upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 },
			litigation_after_review: { upheld: 2, corrected: 0, other: 1, pending: 0, total: 3 }
		});
		expect(r.warnings.map((w) => w.where)).toEqual(['applications.other.no_correction', 'applications.other.unpaid_fee']);
	});
});

describe('hongze-district-2023.pdf', () => {
	it('Table 4 read as printed, wrong totals included; MANIFEST totals', async () => {
		const r = await parseFile(path.join(REAL, 'hongze-district-2023.pdf'));
		expect(r.reviews.review).toEqual({ upheld: 10, corrected: 1, other: 0, pending: 0, total: 0 });
		expect(r.reviews.litigation_after_review).toEqual({ upheld: 5, corrected: 0, other: 0, pending: 0, total: 0 });
		const a = r.applications;
		expect([a.new_received.total, a.carried_over.total, a.granted.total, a.total_processed.total, a.carried_forward.total]).toEqual([21, 0, 0, 21, 0]);
		// The label typo 其他法律行政止公开 is read as its row.
		expect(a['denied.law_prohibited'].total).toBe(0);
	});
});

describe('text as PDFium reads it', () => {
	it('a label written down a merged cell, one character a line, is read whole (pdf.js dropped all but its first characters)', async () => {
		for (const f of ['hongze-district-2023.pdf', 'hongze-district-2024.pdf']) {
			const doc = await readPdf(new Uint8Array(await readFile(path.join(REAL, f))), f);
			const cells = doc.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.flat().map((c) => c.text) : []));
			expect(cells, f).toContain('三、本年度办理结果');
		}
	});

	it('runs of one line keep the spaces a viewer shows and cells stay apart', async () => {
		const doc = await readPdf(new Uint8Array(await readFile(path.join(REAL, 'huaian-city-2024.pdf'))), 'huaian-city-2024.pdf');
		const rows = doc.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.map((r) => r.map((c) => c.text)) : []));
		expect(rows).toContainEqual(['行政处罚', '3985758']);
		expect(rows).toContainEqual(['行政事业性收费', '96171.6']);
		// A header row of Table 2, in the table's smaller text.
		expect(rows).toContainEqual(['第二十条 第（八）项']);
	});
});

describe('fidelity on the real PDFs', () => {
	const read = async (f: string) => parseFile(path.join(REAL, f));

	it('table header lines standing alone (申请人情况, the 勾稽关系 note) are rows of the table, not paragraphs of section 三', async () => {
		for (const f of ['huaian-city-2024.pdf', 'hongze-district-2023.pdf', 'hongze-district-2024.pdf']) {
			const r = await read(f);
			expect(r.sections.applications, f).toBe('');
			for (const text of Object.values(r.sections)) expect(text ?? '', f).not.toMatch(/申请人情况|第三项加第四项之和/);
			const doc = await readPdf(new Uint8Array(await readFile(path.join(REAL, f))), f);
			const table = doc.blocks.find((b) => b.kind === 'table' && b.rows.some((row) => row.some((c) => c.text.includes('本年新收'))));
			const header =
				table?.kind === 'table'
					? table.rows
							.slice(0, 4)
							.flat()
							.map((c) => c.text)
					: [];
			expect(header, f).toContain('申请人情况');
			expect(header.join(''), f).toContain('等于第三项加第四项之和');
		}
	});

	it('a paragraph cut by a page break is one paragraph (「…改进的」 / 「地方。」)', async () => {
		const huaian = await read('huaian-city-2024.pdf');
		expect(huaian.sections.problems).toContain('还有一些需要加强和改进的地方。主要表现在');
		expect(huaian.sections.overview).toContain('“建设‘四最’一流营商环境高质量推进产业发展”');
		expect((await read('hongze-district-2024.pdf')).sections.problems).toContain('答复书模板，使各行政机关答复的方式');
		const hongze2023 = await read('hongze-district-2023.pdf');
		expect(hongze2023.sections.problems).toContain('实行政府信息公开工作人员跟班学习制度');
		for (const r of [huaian, hongze2023])
			for (const text of Object.values(r.sections)) expect(text ?? '').not.toMatch(/[^。：；！？）”\n]\n[^\n（一二三四五六七八九十0-9]/);
	});
});

/** A minimal PDF: objects in order, with a correct cross-reference table. */
function makePdf(objects: string[]): Uint8Array {
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((o, i) => {
		offsets.push(Buffer.byteLength(out, 'latin1'));
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return new Uint8Array(Buffer.from(out, 'latin1'));
}

describe('PDFs that cannot be read', () => {
	it('a scan (an image, no text layer) is rejected with the reason, not read as zeros', async () => {
		const content = 'q 500 0 0 700 50 50 cm /Im1 Do Q';
		const pdf = makePdf([
			'<< /Type /Catalog /Pages 2 0 R >>',
			'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
			'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>',
			`<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
			'<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\u0000\u00ff\u00ff\u0000\nendstream'
		]);
		await expect(parseBytes(pdf, 'scan.pdf')).rejects.toThrow(/no text layer: scanned PDF/);
	});

	it('a truncated PDF is rejected as broken', async () => {
		const bytes = new Uint8Array(await readFile(path.join(REAL, 'huaian-city-2024.pdf')));
		await expect(parseBytes(bytes.subarray(0, 200_000), 'cut.pdf')).rejects.toThrow(/PDF 已损坏/);
	});

	it('an encrypted PDF (user password) is rejected as encrypted', async () => {
		const bytes = new Uint8Array(await readFile(path.resolve('src/lib/ingest/fixtures/encrypted.pdf')));
		const err = await parseBytes(bytes, 'locked.pdf').catch((e) => e);
		expect(err).toBeInstanceOf(ParseError);
		expect([(err as ParseError).code, (err as ParseError).reason]).toEqual(['encrypted', 'PDF 已加密，无法读取（encrypted PDF）']);
	});

	it('a file named .pdf that is not a PDF', async () => {
		await expect(parseBytes(new TextEncoder().encode('<html>not a pdf</html>'), 'x.pdf')).rejects.toThrow(/不是有效的 PDF/);
	});
});

describe('a PDF that would take PDFium past its memory', () => {
	it('is refused by its inflated stream before PDFium reads it (a few hundred KB inflating to 64 MB)', async () => {
		const bomb = streamBombPdf(64);
		expect(bomb.length).toBeLessThan(1_000_000);
		await expect(readPdf(bomb, 'bomb.pdf')).rejects.toMatchObject({ code: 'too_large', message: expect.stringContaining('压缩数据流解压后超过') });
		// The reports keep being read: their streams are well within the bound.
		expect((await parseFile('data/reports/real/huaian-city-2024.pdf')).agency).toBe('淮安市人民政府');
	});

	it('an engine that fails (aborts, traps) is replaced: the next PDF gets a new one', async () => {
		const real = new Uint8Array(await readFile('data/reports/real/hongze-district-2024.pdf'));
		const before = loadPdfium();
		await before;
		await expect(
			pdfiumEachPage(real, () => {
				throw new WebAssembly.RuntimeError('unreachable');
			})
		).rejects.toThrow(WebAssembly.RuntimeError);
		expect(loadPdfium()).not.toBe(before);
		expect((await parseBytes(real, 'again.pdf')).year).toBe(2024);
		// A reader that meets such a failure says it was the engine's (read again next run), not that the file is broken.
		expect(engineFailed(new WebAssembly.RuntimeError('unreachable'))).toBe(true);
		expect(engineFailed(new Error('Aborted(native code called abort())'))).toBe(true);
		expect(engineFailed(new Error('PDFium error 3 (format)'))).toBe(false);
	});
});

describe('blank pages of a PDF without text', () => {
	it('are not kept for OCR: nothing dark on them, nothing to read', async () => {
		expect(await pdfiumRender(blankPdf(10), 200, 10)).toEqual([]);
		const scan = new Uint8Array(await readFile('tests/fixtures/scans/hongze-district-2024.scan.pdf'));
		expect((await pdfiumRender(scan, 100, 2)).length).toBe(2);
		await expect(readPdf(blankPdf(3), 'blank.pdf')).rejects.toMatchObject({ code: 'no_text_layer' });
	});
});
