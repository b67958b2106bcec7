/**
 * Bytes to text for the text-based formats: BOMs, UTF-8, and the GB encodings Chinese
 * government sites still serve (GB2312 and GBK are read as their superset GB18030).
 */
import { isUtf8 } from 'node:buffer';
import { ParseError } from '../document.js';

// Decoders are made once: reports are read by the thousand.
const UTF8 = new TextDecoder('utf-8');

/**
 * Binary data, not text: a NUL anywhere (a text report has none; one past the first 8 KB passed
 * before), or more than 2% other control characters over the whole file.
 */
export function isBinary(bytes: Uint8Array): boolean {
	if (bytes.indexOf(0) >= 0) return true;
	let control = 0;
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i];
		if (b < 9 || (b > 13 && b < 32)) control++;
	}
	return bytes.length > 0 && control / bytes.length > 0.02;
}

/** Maps the charset names pages declare to the decoder that reads them. */
export function decoderFor(charset: string | undefined): string | undefined {
	if (!charset) return undefined;
	const c = charset.trim().toLowerCase();
	if (/^(gb2312|gbk|gb18030|x-gbk|cp936|ms936|windows-936|euc-cn|hz-gb-2312)$/.test(c)) return 'gb18030';
	if (/^utf-?8$/.test(c)) return 'utf-8';
	if (c === 'big5') return 'big5';
	return undefined;
}

/**
 * `declared` is the charset the file names (an HTML meta tag); it is asked for only when the
 * bytes are not UTF-8, so a reader need not look for it in the common case.
 */
export function decodeText(bytes: Uint8Array, file: string, declared?: () => string | undefined): string {
	if (bytes.length === 0) throw new ParseError(file, '空文件（empty file）', 'empty_file');
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return UTF8.decode(bytes.subarray(3));
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
		return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
	}
	if (isBinary(bytes)) throw new ParseError(file, '二进制数据，不是文本报告（binary data, not a text report）', 'not_a_report');
	// Bytes that are valid UTF-8 are UTF-8, whatever a page declares: GBK text is almost never
	// valid UTF-8, and sites often keep a stale gb2312 meta tag after converting their pages.
	if (isUtf8(bytes)) return UTF8.decode(bytes);
	return new TextDecoder(decoderFor(declared?.()) ?? 'gb18030').decode(bytes);
}
