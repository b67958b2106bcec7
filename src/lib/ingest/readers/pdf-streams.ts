/**
 * A PDF's compressed streams inflated before PDFium sees the file, each with a cap: a content
 * stream of 700 KB that inflates to 300 MB took PDFium past its 2 GB of memory (and aborted it).
 * Images are left to PDFium (it decodes them only to render a scan, at a bounded resolution);
 * every other Flate stream (page contents, fonts, object streams) counts against the part bound
 * (bounds.ts partBytes) one by one, and against eight of them in all.
 */
import { inflateSync } from 'node:zlib';
import type { Budget } from '../bounds.js';
import { ParseError } from '../document.js';

const STREAM = Buffer.from('stream');
const END = Buffer.from('endstream');
/** How far before `stream` its dictionary is looked for. */
const DICT_WINDOW = 4096;

export function checkPdfStreams(bytes: Uint8Array, budget: Budget): void {
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const total = 8 * budget.bounds.partBytes;
	let inflated = 0;
	for (let at = buf.indexOf(STREAM); at >= 0; at = buf.indexOf(STREAM, at + STREAM.length)) {
		// `endstream` contains `stream`: only a keyword that follows the dictionary's `>>` opens one.
		if (buf[at - 1] === 0x64 /* d */) continue;
		const dict = buf.toString('latin1', Math.max(0, at - DICT_WINDOW), at);
		const open = dict.lastIndexOf('obj');
		const head = open >= 0 ? dict.slice(open) : dict;
		if (!/\/FlateDecode/.test(head) || /\/Subtype\s*\/Image/.test(head)) continue;
		let start = at + STREAM.length;
		if (buf[start] === 0x0d) start++;
		if (buf[start] === 0x0a) start++;
		const end = buf.indexOf(END, start);
		if (end < 0) break;
		budget.checkTime();
		let size: number;
		try {
			size = inflateSync(buf.subarray(start, end), { maxOutputLength: budget.bounds.partBytes + 1 }).length;
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			// Past the cap: what it would inflate to is at least that. Anything else (a broken stream) is PDFium's to judge.
			if (code === 'ERR_BUFFER_TOO_LARGE') size = budget.bounds.partBytes + 1;
			else continue;
		}
		if (size > budget.bounds.partBytes)
			throw new ParseError(budget.file, `PDF 的一个压缩数据流解压后超过 ${budget.bounds.partBytes / 1048576} MB（压缩数据炸弹？）`, 'too_large');
		inflated += size;
		if (inflated > total) throw new ParseError(budget.file, `PDF 的压缩数据流解压后合计过大（超过 ${total / 1048576} MB）`, 'too_large');
		at = end;
	}
}
