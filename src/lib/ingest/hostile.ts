/**
 * The hostile suite: files made to cost the parser time and memory, or to be misread, written
 * by a script rather than kept in the repository (some are tens of MB): `npm run --silent
 * hostile -- --out DIR`. The inputs of issue #18 (a 39 MB text, a 20,000-page PDF, a small
 * .docx expanding to 60 MB, a .docx lying about its size) and more: zip bombs, nesting, truncated
 * and corrupted copies of real reports, other encodings, names that are markup or formulas,
 * and entries that are not files (a loop of links, a pipe, a folder named like a report).
 *
 * Each entry says what must become of it: a code it must be rejected with, `stored` (it is a
 * report), `skipped`, or `any` (stored or rejected, never a crash); `expected` sums them so a
 * test can account for every entry.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import CFB from 'cfb';
import zlib from 'node:zlib';
import type { RejectionCode } from '../report/rejections.js';

export type Expect = RejectionCode | 'stored' | 'skipped' | 'any';
export interface HostileEntry {
	name: string;
	expect: Expect;
}

const REAL = {
	txt: 'data/reports/real/pingtan-2024.txt',
	html: 'data/reports/real/pingtan-2024.html',
	pdf: 'data/reports/real/hongze-district-2024.pdf',
	docx: 'src/lib/ingest/fixtures/dagan-chagan-2024.docx',
	doc: 'src/lib/ingest/fixtures/pingtan-2024.doc'
};

/** A PDF of many pages of a little text each (PDF syntax by hand: no library writes one this fast). */
export function manyPagePdf(pages: number, moreLines = 0): Uint8Array {
	const objs: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
	const kids: string[] = [];
	const more = Array.from({ length: moreLines }, (_, i) => ` 0 -14 Td (line ${i} of figures 12 34 56 78 90 12 34 56 78 90 12 34 56 78 90) Tj`).join('');
	for (let p = 0; p < pages; p++) {
		const content = `BT /F1 10 Tf 72 760 Td (Page ${p} of a long annex: 1 2 3 4 5 6 7 8 9 10 11 12) Tj 0 -14 Td (second line 13 14 15 16) Tj${more} ET`;
		const page = objs.length + 1;
		objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${page + 1} 0 R >>`);
		objs.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
		kids.push(`${page} 0 R`);
	}
	objs[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
	const parts: string[] = ['%PDF-1.4\n'];
	let length = parts[0].length;
	const offsets: number[] = [];
	objs.forEach((o, i) => {
		offsets.push(length);
		const s = `${i + 1} 0 obj\n${o}\nendobj\n`;
		parts.push(s);
		length += s.length;
	});
	parts.push(`xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join(''));
	parts.push(`trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
	return new TextEncoder().encode(parts.join(''));
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
/** A .docx of one document.xml body (the only part the reader opens). */
function docx(body: string | Uint8Array, level: 0 | 9 = 9): Uint8Array {
	const xml = typeof body === 'string' ? strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`) : body;
	return zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': [xml, { level }] });
}

/** document.xml of about `bytes` bytes: one paragraph of digits, repeated. */
function bigXml(bytes: number): Uint8Array {
	const head = strToU8(`<?xml version="1.0"?><w:document ${W}><w:body>`);
	const unit = strToU8('<w:p><w:r><w:t>1234567890</w:t></w:r></w:p>');
	const tail = strToU8('</w:body></w:document>');
	const n = Math.ceil(bytes / unit.length);
	const out = new Uint8Array(head.length + n * unit.length + tail.length);
	out.set(head);
	for (let i = 0; i < n; i++) out.set(unit, head.length + i * unit.length);
	out.set(tail, head.length + n * unit.length);
	return out;
}

/** The zip's sizes of every entry rewritten (local headers and central directory): a size that lies. */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
	const z = zip.slice();
	const dv = new DataView(z.buffer);
	for (let i = 0; i + 4 <= z.length; i++) {
		const sig = dv.getUint32(i, true);
		if (sig === 0x04034b50) dv.setUint32(i + 22, size, true);
		else if (sig === 0x02014b50) dv.setUint32(i + 24, size, true);
	}
	return z;
}

/** A deterministic generator (mulberry32): the suite is the same on every machine. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function flipBytes(bytes: Uint8Array, share: number, seed: number): Uint8Array {
	const out = bytes.slice();
	const rnd = random(seed);
	const n = Math.max(1, Math.floor(bytes.length * share));
	// The first bytes (the format's signature) are kept, so that the reader goes on past them.
	for (let i = 0; i < n; i++) out[8 + Math.floor(rnd() * (out.length - 8))] ^= 1 << Math.floor(rnd() * 8);
	return out;
}

function encode(text: string, charset: 'utf-16le' | 'utf-16be' | 'gb18030'): Uint8Array {
	if (charset === 'gb18030') return new Uint8Array(execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text, maxBuffer: 64 << 20 }));
	const le = Buffer.from(text, 'utf16le');
	if (charset === 'utf-16be') le.swap16();
	return new Uint8Array(Buffer.concat([Buffer.from(charset === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]), le]));
}

/** Writes the suite into `dir` (which should be empty) and lists what is there. */
/**
 * A real .doc whose piece table is replaced by `pieces` pieces all pointing at the same text (the
 * document's own first `span` characters): a few KB more of file, `pieces × span` characters to
 * whoever walks the pieces (issue #34: 4,000 × 131,072 in a 317 KB file).
 */
export function pieceTableBomb(doc: Uint8Array, pieces: number, span: number): Uint8Array {
	const cfb = CFB.read(doc, { type: 'buffer' });
	const bytes = (name: string) => {
		const c = CFB.find(cfb, name)!.content as Uint8Array | number[];
		return c instanceof Uint8Array ? Uint8Array.from(c) : Uint8Array.from(c);
	};
	const word = bytes('WordDocument');
	const view = new DataView(word.buffer);
	const tableName = view.getUint16(0x0a, true) & 0x0200 ? '1Table' : '0Table';
	const table = bytes(tableName);
	const csw = view.getUint16(0x20, true);
	const lwAt = 0x22 + csw * 2 + 2;
	const fcLcbAt = lwAt + view.getUint16(lwAt - 2, true) * 4 + 2;
	// The text's first piece: where the new ones all point.
	const clx = table.subarray(view.getUint32(fcLcbAt + 33 * 8, true));
	const lcb0 = new DataView(clx.buffer, clx.byteOffset).getUint32(1, true);
	const n0 = (lcb0 - 4) / 12;
	const fc = new DataView(clx.buffer, clx.byteOffset).getUint32(5 + (n0 + 1) * 4 + 2, true);
	// A Pcdt of `pieces` pieces: cp boundaries 0, span, 2·span …, then each piece's descriptor.
	const plc = new DataView(new ArrayBuffer((pieces + 1) * 4 + pieces * 8));
	for (let i = 0; i <= pieces; i++) plc.setUint32(i * 4, i * span, true);
	for (let i = 0; i < pieces; i++) plc.setUint32((pieces + 1) * 4 + i * 8 + 2, fc, true);
	const pcdt = new Uint8Array(5 + plc.byteLength);
	pcdt[0] = 0x02;
	new DataView(pcdt.buffer).setUint32(1, plc.byteLength, true);
	pcdt.set(new Uint8Array(plc.buffer), 5);
	const newTable = new Uint8Array(table.length + pcdt.length);
	newTable.set(table);
	newTable.set(pcdt, table.length);
	view.setUint32(fcLcbAt + 33 * 8, table.length, true);
	view.setUint32(fcLcbAt + 33 * 8 + 4, pcdt.length, true);
	view.setUint32(lwAt + 3 * 4, pieces * span, true); // ccpText
	for (const [name, content] of [
		[tableName, newTable],
		['WordDocument', word]
	] as const) {
		const entry = CFB.find(cfb, name)!;
		entry.content = content as unknown as CFB.CFB$Blob;
		entry.size = content.length;
	}
	return Uint8Array.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

/**
 * A one-page PDF whose content stream, a few hundred KB of zlib, inflates to `mb` MB of text
 * operators (issue #34: 722 KB to 300 MB took PDFium past its memory, and aborted it for good).
 */
export function streamBombPdf(mb: number): Uint8Array {
	const op = '0 -1 Td (1234567890 1234567890 1234567890) Tj\n';
	const chunk = Buffer.from(op.repeat(Math.ceil(1048576 / op.length)));
	const z = zlib.deflateSync(Buffer.concat([Buffer.from('BT /F1 10 Tf 72 760 Td\n'), ...Array.from({ length: mb }, () => chunk), Buffer.from('ET')]));
	const enc = (s: string) => Buffer.from(s, 'latin1');
	const objs: Buffer[] = [
		enc('<< /Type /Catalog /Pages 2 0 R >>'),
		enc('<< /Type /Pages /Kids [4 0 R] /Count 1 >>'),
		enc('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
		enc('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>'),
		Buffer.concat([enc(`<< /Length ${z.length} /Filter /FlateDecode >>\nstream\n`), z, enc('\nendstream')])
	];
	const parts: Buffer[] = [enc('%PDF-1.4\n')];
	let length = parts[0].length;
	const offsets: number[] = [];
	objs.forEach((o, i) => {
		offsets.push(length);
		const b = Buffer.concat([enc(`${i + 1} 0 obj\n`), o, enc('\nendobj\n')]);
		parts.push(b);
		length += b.length;
	});
	parts.push(enc(`xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')));
	parts.push(enc(`trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
	return new Uint8Array(Buffer.concat(parts));
}

/** A PDF of `pages` blank pages (`size` points square, A4 when not given): nothing to read, by text or OCR. */
export function blankPdf(pages: number, size?: number): Uint8Array {
	const box = size ? `[0 0 ${size} ${size}]` : '[0 0 595 842]';
	const objs: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', ''];
	const kids: string[] = [];
	for (let p = 0; p < pages; p++) {
		kids.push(`${objs.length + 1} 0 R`);
		objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox ${box} >>`);
	}
	objs[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objs.forEach((o, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
	out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return new TextEncoder().encode(out);
}

export async function writeHostileSuite(dir: string): Promise<HostileEntry[]> {
	await mkdir(dir, { recursive: true });
	const entries: HostileEntry[] = [];
	const put = async (name: string, bytes: Uint8Array | string, expect: Expect) => {
		await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
		await writeFile(path.join(dir, name), bytes);
		entries.push({ name, expect });
	};
	const real = Object.fromEntries(await Promise.all(Object.entries(REAL).map(async ([k, f]) => [k, new Uint8Array(await readFile(f))]))) as Record<
		keyof typeof REAL,
		Uint8Array
	>;
	const text = new TextDecoder().decode(real.txt);

	// Issue #18's probes.
	const lines = '1234567890 2345678901 3456789012 4567890123\n';
	await put('big/text-39mb.txt', text + '\n' + lines.repeat(Math.floor((39 * 1048576) / lines.length)), 'too_large');
	await put('big/text-3.9mb.txt', text + '\n' + lines.repeat(Math.floor((3.9 * 1048576) / lines.length)), 'too_large');
	await put('big/pages-20000.pdf', manyPagePdf(20000), 'too_many_pages');
	await put('big/pages-201.pdf', manyPagePdf(201), 'too_many_pages');
	await put('big/pdf-dense-200.pdf', manyPagePdf(200, 30), 'any'); // within every bound: the most a PDF may cost
	await put('big/pdf-denser-200.pdf', manyPagePdf(200, 70), 'too_large');
	// Issue #34's probes.
	await put('big/doc-piece-table-bomb.doc', pieceTableBomb(real.doc, 4000, 131_072), 'too_large');
	await put('big/pdf-stream-bomb.pdf', streamBombPdf(100), 'too_large');
	await put('big/pdf-blank-10.pdf', blankPdf(10), 'no_text_layer');
	await put('big/pdf-blank-huge-page.pdf', blankPdf(1, 14400), 'no_text_layer');
	await put('bomb/document-60mb.docx', docx(bigXml(60 * 1048576)), 'too_large');
	await put('bomb/lying-size.docx', lieAboutSizes(docx(bigXml(100 * 1048576)), 1000), 'too_large');
	await put('bomb/lying-size-zero.docx', lieAboutSizes(docx(bigXml(30 * 1048576)), 0), 'too_large');
	await put('bomb/stored-20mb.docx', docx(bigXml(20 * 1048576), 0), 'too_large');
	await put('bomb/html-20mb.html', '<p>' + '1234567890'.repeat(2 * 1048576) + '</p>', 'too_large');

	// Many and nested things.
	await put('nest/tables-deep.docx', docx('<w:tbl><w:tr><w:tc>'.repeat(20000) + '<w:p/>' + '</w:tc></w:tr></w:tbl>'.repeat(20000)), 'too_large');
	await put('nest/cells-many.docx', docx('<w:tbl><w:tr>' + '<w:tc></w:tc>'.repeat(200_000) + '</w:tr></w:tbl>'), 'too_large');
	await put('nest/tables-many.html', '<table><tr><td>1</td></tr></table>'.repeat(5000), 'too_large');
	await put('nest/divs-deep.html', '<div>'.repeat(200_000) + '一、总体情况' + '</div>'.repeat(200_000), 'any');
	await put('nest/tables-deep.html', '<table><tr><td>'.repeat(50_000) + '1' + '</td></tr></table>'.repeat(50_000), 'any');
	await put('nest/spans-huge.html', '<table>' + '<tr><td rowspan="1000" colspan="1000">1</td></tr>'.repeat(200) + '</table>', 'too_large');
	await put(
		'nest/span-huge.docx',
		docx('<w:tbl>' + '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999999"/></w:tcPr><w:p/></w:tc></w:tr>'.repeat(200) + '</w:tbl>'),
		'too_large'
	);
	await put('nest/comment-open.html', '<!--' + 'x'.repeat(1_000_000), 'any');
	await put('nest/tag-open.html', '<p a="' + 'x'.repeat(1_000_000), 'any');

	// A real report, its sections too long to keep whole (stored truncated), and names that are code.
	await put('long/section-200k.txt', text.replace('一、总体情况', '一、总体情况' + '政务公开'.repeat(50_000)), 'stored');
	await put('long/title-markup.txt', text.replace(/标题: .*/, '标题: <img src=x onerror=alert(1)>平潭综合实验区2024年度政府信息公开工作年度报告'), 'any');
	await put('long/title-formula.txt', text.replace(/标题: .*/, '标题: =HYPERLINK("http://e.x","y")平潭综合实验区2024年度政府信息公开工作年度报告'), 'any');
	await put('long/title-cmd.txt', text.replace(/标题: .*/, "标题: =cmd|'/C calc'!A0平潭综合实验区2024年度政府信息公开工作年度报告"), 'any');

	// Truncated and corrupted copies of real reports, of every format.
	for (const [k, bytes] of Object.entries(real)) {
		await put(`broken/half.${k}`, bytes.subarray(0, bytes.length >> 1), 'any');
		await put(`broken/head.${k}`, bytes.subarray(0, 10), 'any');
		await put(`broken/flipped.${k}`, flipBytes(bytes, 0.01, 18), 'any');
		await put(`broken/flipped-few.${k}`, flipBytes(bytes, 0.0005, 19), 'any');
	}

	// Encodings.
	await put('enc/utf16le.txt', encode(text, 'utf-16le'), 'stored');
	await put('enc/utf16be.txt', encode(text, 'utf-16be'), 'stored');
	await put('enc/gb18030.txt', encode(text, 'gb18030'), 'stored');
	await put('enc/utf16-no-bom.txt', encode(text, 'utf-16le').subarray(2), 'any');
	await put('enc/bom-only.txt', new Uint8Array([0xef, 0xbb, 0xbf]), 'any');
	await put(
		'enc/invalid-utf8.txt',
		new Uint8Array([...real.txt.subarray(0, 3000), 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, ...real.txt.subarray(3000)]),
		'any'
	);
	await put('enc/nul.txt', new Uint8Array(4096), 'not_a_report');
	await put('enc/empty.txt', '', 'empty_file');

	// Entries that are not report files.
	await put('odd/report.xls', 'x', 'unsupported_type');
	await put('odd/notes.bin', 'x', 'skipped');
	await put('odd/README.md', '# not a report', 'skipped');
	await put('odd/.hidden.txt', text, 'skipped');
	await mkdir(path.join(dir, 'odd/folder.pdf'));
	entries.push({ name: 'odd/folder.pdf', expect: 'not_a_file' });
	await symlink('loop-b.txt', path.join(dir, 'odd/loop-a.txt'));
	await symlink('loop-a.txt', path.join(dir, 'odd/loop-b.txt'));
	entries.push({ name: 'odd/loop-a.txt', expect: 'not_a_file' }, { name: 'odd/loop-b.txt', expect: 'not_a_file' });
	await symlink('..', path.join(dir, 'odd/up'));
	entries.push({ name: 'odd/up', expect: 'not_a_file' });
	await symlink('nowhere.pdf', path.join(dir, 'odd/dangling.pdf'));
	entries.push({ name: 'odd/dangling.pdf', expect: 'not_a_file' });
	// A link out of the folder (to a system file, named like a report) is not followed; one to a report inside it is.
	await symlink('/etc/passwd', path.join(dir, 'odd/passwd.txt'));
	entries.push({ name: 'odd/passwd.txt', expect: 'not_a_file' });
	await mkdir(path.join(dir, 'linked'), { recursive: true });
	await symlink('../ok/real.txt', path.join(dir, 'linked/real-link.txt'));
	entries.push({ name: 'linked/real-link.txt', expect: 'any' });
	execFileSync('mkfifo', [path.join(dir, 'odd/pipe.html')]);
	entries.push({ name: 'odd/pipe.html', expect: 'not_a_file' });

	// A real report of each format, read as usual in the midst of all this.
	for (const [k, bytes] of Object.entries(real)) await put(`ok/real.${k}`, bytes, 'stored');
	return entries;
}
