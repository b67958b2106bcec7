/**
 * The bounds of bounds.ts, each held where it matters: a file past one is rejected with its code
 * and a Chinese reason; the time budget holds when parsing in this process (no watchdog there).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { BOUNDS, Budget, type Bounds } from './bounds.js';
import { manyPagePdf } from './hostile.js';
import { parseBytes } from './parse.js';
import { inProcessParser, PARSE_TIMEOUT_MS } from './pool.js';
import { ParseError } from './document.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const docx = (body: string) => zipSync({ 'word/document.xml': strToU8(`<w:document ${W}><w:body>${body}</w:body></w:document>`) });
const REAL_TXT = readFileSync('data/reports/real/pingtan-2024.txt');

async function rejection(bytes: Uint8Array, file: string, bounds: Partial<Bounds> = {}) {
	try {
		await parseBytes(bytes, file, { ...BOUNDS, ...bounds });
	} catch (e) {
		if (e instanceof ParseError) return { code: e.code, reason: e.reason };
		throw e;
	}
	return null;
}

describe('reader bounds', () => {
	it('a PDF of more pages than the bound is rejected before its pages are read', async () => {
		const t0 = performance.now();
		expect(await rejection(manyPagePdf(20_000), 'annex.pdf')).toEqual({ code: 'too_many_pages', reason: '页数过多（20000 页，上限 200 页）' });
		expect(performance.now() - t0).toBeLessThan(5_000);
		expect((await rejection(manyPagePdf(3), 'a.pdf', { pages: 2 }))?.code).toBe('too_many_pages');
	});

	it('a .docx part expanding past the bound is rejected, whatever size the archive claims', async () => {
		const body = '<w:p><w:r><w:t>1234567890</w:t></w:r></w:p>'.repeat(40_000); // 1.7 MB
		const zip = docx(body);
		const dv = new DataView(zip.buffer);
		for (let i = 0; i + 4 <= zip.length; i++) {
			if (dv.getUint32(i, true) === 0x04034b50) dv.setUint32(i + 22, 100, true);
			if (dv.getUint32(i, true) === 0x02014b50) dv.setUint32(i + 24, 100, true);
		}
		const r = await rejection(zip, 'lying.docx', { partBytes: 1 << 20 });
		expect(r?.code).toBe('too_large');
		expect(r?.reason).toMatch(/word\/document\.xml.*过大/);
	});

	it('text past the bound is too_large, far past it without decoding', async () => {
		expect((await rejection(REAL_TXT, 'a.txt', { textChars: 1000 }))?.code).toBe('too_large');
		expect((await rejection(new Uint8Array(4001).fill(0x31), 'a.txt', { textChars: 1000 }))?.reason).toMatch(/文字过多/);
	});

	it('tables and cells past their bounds are too_large', async () => {
		expect((await rejection(docx('<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>'.repeat(11)), 'a.docx', { tables: 10 }))?.reason).toMatch(/表格过多/);
		expect((await rejection(docx('<w:tbl><w:tr>' + '<w:tc><w:p/></w:tc>'.repeat(101) + '</w:tr></w:tbl>'), 'a.docx', { cells: 100 }))?.reason).toMatch(
			/单元格过多/
		);
		const spans = new TextEncoder().encode('<table><tr><td rowspan="20" colspan="20">1</td></tr></table>');
		expect((await rejection(spans, 'a.html', { cells: 100 }))?.reason).toMatch(/单元格过多/);
	});

	it('the time budget holds in this process: a reader stops at its deadline (timeout)', async () => {
		const r = await rejection(manyPagePdf(150), 'slow.pdf', { timeMs: 1 });
		expect(r).toEqual({ code: 'timeout', reason: '解析超时（超过 0.001 秒）' });
		const big = docx('<w:p><w:r><w:t>1234567890</w:t></w:r></w:p>'.repeat(100_000));
		expect((await rejection(big, 'slow.docx', { timeMs: 1 }))?.code).toBe('timeout');
	});

	it('the in-process parser reads one file at a time, so a budget is spent on its own file', async () => {
		let running = 0;
		let most = 0;
		const parser = inProcessParser(async () => {
			most = Math.max(most, ++running);
			await new Promise((r) => setTimeout(r, 5));
			running--;
			return { rejected: { code: 'not_a_report', reason: '测试' } };
		});
		await Promise.all(['a.txt', 'b.txt', 'c.txt'].map((f) => parser.parse(f)));
		expect(most).toBe(1);
	});
});

describe('the time of a scan', () => {
	it('is that of its OCR pages when longer than a file\u2019s, never past the pages OCR reads; the parser pool waits that long', () => {
		const budget = new Budget('scan.pdf');
		const base = budget.deadline;
		budget.allowOcr(2);
		expect(budget.deadline).toBe(base);
		budget.allowOcr(50);
		expect(budget.deadline - base).toBe(BOUNDS.ocrPages * BOUNDS.ocrPageMs - BOUNDS.timeMs);
		expect(PARSE_TIMEOUT_MS).toBeGreaterThanOrEqual(BOUNDS.ocrPages * BOUNDS.ocrPageMs);
	});
});
