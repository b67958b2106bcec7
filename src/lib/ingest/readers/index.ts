/**
 * Picks the reader for a file by its extension, checked against its first bytes (a .docx
 * that is really HTML, or a .txt that is binary, is said so rather than misread).
 */
import { ParseError, type Document } from '../document.js';
import type { SourceFormat } from '../../report/schema.js';
import type { Budget } from '../bounds.js';
import { readText } from './text.js';
import { readHtml } from './html.js';
import { readDocx } from './docx.js';
import { readPdf } from './pdf.js';
import { readDoc } from './doc.js';
import { readMarkdown } from './markdown.js';

export interface Reader {
	format: SourceFormat;
	/** Readers spend from the file's budget (bounds.ts) as they go, and stop when it runs out. */
	read(bytes: Uint8Array, file: string, budget: Budget): Document | Promise<Document>;
}

const READERS: Record<string, Reader> = {
	txt: { format: 'txt', read: readText },
	text: { format: 'txt', read: readText },
	html: { format: 'html', read: readHtml },
	htm: { format: 'html', read: readHtml },
	shtml: { format: 'html', read: readHtml },
	docx: { format: 'docx', read: readDocx },
	pdf: { format: 'pdf', read: readPdf },
	doc: { format: 'doc', read: readDoc },
	wps: { format: 'doc', read: readDoc },
	md: { format: 'md', read: readMarkdown },
	markdown: { format: 'md', read: readMarkdown }
};

/** Extensions the parser reads; ingestion lists files by these. */
export const READABLE_EXTENSIONS = Object.keys(READERS);

export function extensionOf(file: string): string {
	const m = /\.([a-z0-9]+)$/i.exec(file);
	return m ? m[1].toLowerCase() : '';
}

export function readerFor(file: string): Reader {
	const ext = extensionOf(file);
	const reader = READERS[ext];
	if (!reader) {
		const known = READABLE_EXTENSIONS.map((e) => '.' + e).join(' ');
		throw new ParseError(file, `不支持的文件类型「${ext ? '.' + ext : '无扩展名'}」（unsupported file type; readable: ${known}）`, 'unsupported_type');
	}
	return reader;
}
