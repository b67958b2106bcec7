/**
 * What a reader makes of a file: paragraphs and tables in document order, nothing more.
 * Readers know file formats and nothing of the template; recognition knows the template and
 * nothing of file formats. A new format is one more reader producing this.
 */
import type { RejectionCode } from '../report/rejections.js';

export interface Cell {
	/** The cell's text as published (line breaks kept as \n). */
	text: string;
	rowSpan: number;
	colSpan: number;
	/**
	 * True for a cell that only continues a merged cell above it (docx vMerge); readers that
	 * know nothing of merges (plain text) never set it.
	 */
	continued?: boolean;
}

export type Block = { kind: 'paragraph'; text: string } | { kind: 'table'; rows: Cell[][] };

/** When the file says the report was published, and where it says so. */
export interface Published {
	/** YYYY-MM-DD */
	date: string;
	source: string;
}

export interface Document {
	blocks: Block[];
	/** From what the format carries besides the text (a page's 发布时间, a file's creation date). */
	published?: Published;
	/** A title the container names apart from the body (HTML <title>, a text file's header). */
	title?: string;
	/** The text was recognized from page images (a scan): any value may be misread. */
	ocr?: boolean;
}

export function cell(text: string, rowSpan = 1, colSpan = 1): Cell {
	return { text, rowSpan, colSpan };
}

/** Turns any failure to read a file into one line a supervisor can act on, and its code. */
export class ParseError extends Error {
	constructor(
		readonly file: string,
		readonly reason: string,
		readonly code: RejectionCode = 'broken_file'
	) {
		super(`${file}: ${reason}`);
		this.name = 'ParseError';
	}
}
