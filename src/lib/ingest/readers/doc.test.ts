/**
 * Word 97–2003 (.doc) and WPS (.wps) files: LibreOffice's .doc conversions of a .docx fixture
 * and of a real HTML report read to the same cells as their sources, tables as grids; files
 * named .doc that are something else are read as what they are, or refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parseBytes } from '../parse.js';
import { ParseError, type Document } from '../document.js';
import { documentOf, readDoc } from './doc.js';
import { readDocx } from './docx.js';
import { readHtml } from './html.js';
import { pieceTableBomb } from '../hostile.js';
import type { Report } from '../../report/schema.js';

const FIXTURES = path.resolve('src/lib/ingest/fixtures');
const REAL = path.resolve('data/reports/real');
const bytesOf = async (f: string) => new Uint8Array(await readFile(f));

/** Every table as a rectangle of texts: spans repeated, continued cells given the text above, spaces folded. */
function grids(doc: Document): string[][][] {
	return doc.blocks.flatMap((b) => {
		if (b.kind !== 'table') return [];
		const out: string[][] = [];
		b.rows.forEach((row, r) => {
			out[r] ??= [];
			let c = 0;
			for (const cell of row) {
				while (out[r][c] !== undefined) c++;
				const text = cell.continued
					? (out[r - 1]?.[c] ?? '')
					: cell.text
							.split('\n')
							.map((l) => l.replace(/\s+/g, ' ').trim())
							.join('\n');
				for (let dr = 0; dr < cell.rowSpan; dr++) for (let dc = 0; dc < cell.colSpan; dc++) (out[r + dr] ??= [])[c + dc] = text;
				c += cell.colSpan;
			}
		});
		return [out];
	});
}

const cellsOf = (r: Report) => ({
	agency: r.agency,
	year: r.year,
	template: r.template,
	applications: r.applications,
	reviews: r.reviews,
	proactive: r.proactive
});

describe('.doc from a .docx (dagan-chagan-2024)', () => {
	it('the same Document as the .docx: every paragraph, cell, column span and merged cell', async () => {
		const doc = readDoc(await bytesOf(path.join(FIXTURES, 'dagan-chagan-2024.doc')), 'a.doc');
		const docx = readDocx(await bytesOf(path.join(FIXTURES, 'dagan-chagan-2024.docx')), 'a.docx');
		expect(doc).toEqual(docx);
		expect(doc.blocks.filter((b) => b.kind === 'table').length).toBeGreaterThanOrEqual(3);
	});

	it('the same report, blanks kept blank (（七）总计 null, never 0)', async () => {
		const r = await parseBytes(await bytesOf(path.join(FIXTURES, 'dagan-chagan-2024.doc')), 'dagan.doc');
		const s = await parseBytes(await bytesOf(path.join(FIXTURES, 'dagan-chagan-2024.docx')), 'dagan.docx');
		expect(r.format).toBe('doc');
		expect(cellsOf(r)).toEqual(cellsOf(s));
		expect(r.applications.total_processed.total).toBeNull();
		expect(r.applications.new_received.total).toBe(9);
	});

	it('.wps (the same binary format) reads the same', async () => {
		const bytes = await bytesOf(path.join(FIXTURES, 'dagan-chagan-2024.doc'));
		expect(cellsOf(await parseBytes(bytes, 'dagan.wps'))).toEqual(cellsOf(await parseBytes(bytes, 'dagan.doc')));
	});
});

describe('.doc from a real HTML report (pingtan-2024)', () => {
	it('every table cell as in the HTML (rowspans there, merged cells here)', async () => {
		const doc = readDoc(await bytesOf(path.join(FIXTURES, 'pingtan-2024.doc')), 'a.doc');
		const html = readHtml(await bytesOf(path.join(REAL, 'pingtan-2024.html')), 'a.html');
		const [a, b] = [grids(doc), grids(html)];
		expect(a.length).toBe(b.length);
		expect(a).toEqual(b);
	});

	it('the same report as the HTML; MANIFEST totals', async () => {
		const r = await parseBytes(await bytesOf(path.join(FIXTURES, 'pingtan-2024.doc')), 'pingtan-2024.doc');
		const s = await parseBytes(await bytesOf(path.join(REAL, 'pingtan-2024.html')), 'pingtan-2024.html');
		expect(cellsOf(r)).toEqual(cellsOf(s));
		const a = r.applications;
		expect([a.new_received.total, a.carried_over.total, a.granted.total, a.total_processed.total, a.carried_forward.total]).toEqual([218, 0, 71, 218, 0]);
		expect([r.reviews.review.total, r.reviews.litigation_direct.total, r.reviews.litigation_after_review.total]).toEqual([7, 0, 19]);
	});
});

describe('cell and row marks to a grid', () => {
	it('0x07 ends cells; a row-end mark ends the row; merged cells widen their left neighbour; paragraphs inside a cell are its lines', () => {
		const doc = documentOf([
			{ text: '标题' },
			{ mark: { kind: 'paragraph' } },
			{ text: '信息内容' },
			{ mark: { kind: 'cell' } },
			{ text: '' },
			{ mark: { kind: 'cell' } },
			{ text: '本年' },
			{ mark: { kind: 'paragraph', inTable: true } },
			{ text: '件数' },
			{ mark: { kind: 'cell' } },
			{ mark: { kind: 'row', edges: [0, 1000, 2000, 3000], merged: [1] } },
			{ text: '规章' },
			{ mark: { kind: 'cell' } },
			{ text: '5' },
			{ mark: { kind: 'cell' } },
			{ mark: { kind: 'cell' } },
			{ mark: { kind: 'row', edges: [0, 1000, 2000, 3000] } },
			{ text: '正文' },
			{ mark: { kind: 'paragraph' } }
		]);
		expect(doc.blocks).toEqual([
			{ kind: 'paragraph', text: '标题' },
			{
				kind: 'table',
				rows: [
					[
						{ text: '信息内容', rowSpan: 1, colSpan: 2 },
						{ text: '本年\n件数', rowSpan: 1, colSpan: 1 }
					],
					[
						{ text: '规章', rowSpan: 1, colSpan: 1 },
						{ text: '5', rowSpan: 1, colSpan: 1 },
						{ text: '', rowSpan: 1, colSpan: 1 }
					]
				]
			},
			{ kind: 'paragraph', text: '正文' }
		]);
	});
});

describe('files named .doc that are not Word 97', () => {
	it('a .docx named .doc is read as .docx', async () => {
		const bytes = await bytesOf(path.join(FIXTURES, 'dagan-chagan-2024.docx'));
		expect(readDoc(bytes, 'a.doc')).toEqual(readDocx(bytes, 'a.docx'));
	});

	it('an HTML page saved as .doc is read as HTML', async () => {
		const bytes = await bytesOf(path.join(REAL, 'pingtan-2024.html'));
		expect(readDoc(bytes, 'a.doc')).toEqual(readHtml(bytes, 'a.html'));
	});

	it('RTF is refused as unsupported, with the reason', async () => {
		const err = await parseBytes(new TextEncoder().encode('{\\rtf1\\ansi 2024年度报告}'), 'a.doc').catch((e) => e);
		expect([(err as ParseError).code, (err as ParseError).reason]).toEqual([
			'unsupported_type',
			'文件实为 RTF 格式，暂不支持（RTF saved as .doc: unsupported）'
		]);
	});

	it('an encrypted .doc is refused as encrypted', async () => {
		const bytes = (await bytesOf(path.join(FIXTURES, 'dagan-chagan-2024.doc'))).slice();
		// The FIB starts a sector of the WordDocument stream with wIdent 0xA5EC; set fEncrypted.
		let at = -1;
		for (let o = 512; o < bytes.length && at < 0; o += 512) if (bytes[o] === 0xec && bytes[o + 1] === 0xa5) at = o;
		expect(at).toBeGreaterThan(0);
		bytes[at + 0x0b] |= 0x01;
		const err = await parseBytes(bytes, 'locked.doc').catch((e) => e);
		expect((err as ParseError).code).toBe('encrypted');
	});

	it('a Word 95 file (nFib 104) is refused as unsupported, not misread', async () => {
		const bytes = (await bytesOf(path.join(FIXTURES, 'dagan-chagan-2024.doc'))).slice();
		let at = -1;
		for (let o = 512; o < bytes.length && at < 0; o += 512) if (bytes[o] === 0xec && bytes[o + 1] === 0xa5) at = o;
		bytes[at + 2] = 104;
		bytes[at + 3] = 0;
		const err = await parseBytes(bytes, 'old.doc').catch((e) => e);
		expect((err as ParseError).code).toBe('unsupported_type');
		expect((err as ParseError).reason).toMatch(/Word 95 或更早版本/);
	});

	it('a compound file cut short, and junk, are broken files', async () => {
		const bytes = await bytesOf(path.join(FIXTURES, 'dagan-chagan-2024.doc'));
		for (const b of [bytes.subarray(0, 3000), new TextEncoder().encode('\u0000\u0001junk'.repeat(100))]) {
			const err = await parseBytes(b, 'cut.doc').catch((e) => e);
			expect(err).toBeInstanceOf(ParseError);
			expect((err as ParseError).code).toBe('broken_file');
		}
	});
});

describe('a .doc whose pieces point at the same text again and again', () => {
	it('is refused by the sum of its pieces before any is read (4,000 × 131,072 characters in 110 KB)', async () => {
		const doc = new Uint8Array(await readFile('src/lib/ingest/fixtures/pingtan-2024.doc'));
		const bomb = pieceTableBomb(doc, 4000, 131_072);
		expect(bomb.length).toBeLessThan(200_000);
		let error: unknown;
		try {
			readDoc(bomb, 'bomb.doc');
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ParseError);
		expect(error).toMatchObject({ code: 'too_large', message: expect.stringContaining('524,288,000') });
		// A few pieces over the same text are read, as Word would show them.
		expect(() => readDoc(pieceTableBomb(doc, 3, 50), 'few.doc')).not.toThrow();
	});
});
