/**
 * How much of anything a report file may make the readers do: the bounds, in one place. A real
 * report is a few hundred KB, 5–30 pages, a few tens of thousands of characters and a dozen
 * tables; each bound is many times that. A file past a bound is rejected with its code and a
 * Chinese reason (too_large, too_many_pages, timeout); a section past its bound is kept truncated
 * with a warning. The bounds keep the peak memory of parsing any one file under 300 MB
 * (measured: src/lib/ingest/hostile.test.ts, `npm run bench -- hostile`).
 *
 * The time budget holds in every mode. Readers check it cooperatively (Budget.tick in their loops,
 * per page, per token), so a file parsed in this process stops at its deadline; the parser
 * processes of large batches are also killed by a watchdog a little later (pool.ts), for what no
 * loop of ours can interrupt (a hang inside PDFium's WebAssembly).
 */
import { ParseError, type Document } from './document.js';
import type { Report } from '../report/schema.js';
import { SECTIONS } from '../report/template.js';

export interface Bounds {
	/** Bytes of a file on disk. */
	fileBytes: number;
	/** Pages of a PDF. */
	pages: number;
	/** Expanded bytes of one part of a container (a .docx's word/document.xml), or of an HTML page. */
	partBytes: number;
	/** Characters of text in the whole document. */
	textChars: number;
	/** Characters of one of the six sections stored; past it, truncated with a warning. */
	sectionChars: number;
	/** Characters of one cell's text kept as published (raw). */
	cellChars: number;
	/** Tables in the document. */
	tables: number;
	/** Table cells in the document, a merged cell counted by the grid it covers. */
	cells: number;
	/** Milliseconds to read one file. */
	timeMs: number;
	/** Pages of a scan read by OCR (the rest are not read), and the time each may take on a busy core. */
	ocrPages: number;
	ocrPageMs: number;
}

export const BOUNDS: Readonly<Bounds> = {
	fileBytes: 40 * 1024 * 1024,
	pages: 200,
	partBytes: 16 * 1024 * 1024,
	textChars: 500_000,
	sectionChars: 30_000,
	cellChars: 1_000,
	tables: 200,
	cells: 100_000,
	timeMs: 60_000,
	// A page takes 1.8 s of one core (npm run bench -- ocr); twice the 5 s target leaves room for a shared machine.
	ocrPages: 10,
	ocrPageMs: 10_000
};

/** The longest any file may take: a text file's budget, or a scan's of the most pages OCR reads. */
export const LONGEST_PARSE_MS = Math.max(BOUNDS.timeMs, BOUNDS.ocrPages * BOUNDS.ocrPageMs);

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

/** What one file may still spend: its deadline, and counts of what the readers made of it. */
export class Budget {
	private readonly start = Date.now();
	deadline: number;
	private chars = 0;
	private tableCount = 0;
	private cellCount = 0;
	private ticks = 0;

	constructor(
		readonly file: string,
		readonly bounds: Readonly<Bounds> = BOUNDS
	) {
		this.deadline = this.start + bounds.timeMs;
	}

	/** A scan of `pages` pages to be read by OCR: its time is that of its pages, when longer. */
	allowOcr(pages: number): void {
		this.deadline = Math.max(this.deadline, this.start + Math.min(pages, this.bounds.ocrPages) * this.bounds.ocrPageMs);
	}

	/** In a reader's loop: cheap; looks at the clock every 256 calls. */
	tick(): void {
		if ((++this.ticks & 255) === 0) this.checkTime();
	}

	checkTime(): void {
		if (Date.now() > this.deadline) throw new ParseError(this.file, `解析超时（超过 ${this.bounds.timeMs / 1000} 秒）`, 'timeout');
	}

	pages(n: number): void {
		if (n > this.bounds.pages) throw new ParseError(this.file, `页数过多（${n} 页，上限 ${this.bounds.pages} 页）`, 'too_many_pages');
	}

	/** Bytes of one part once expanded (or of a page of markup). */
	partBytes(n: number, what: string): void {
		if (n > this.bounds.partBytes) throw new ParseError(this.file, `${what}过大（至少 ${mb(n)}，上限 ${mb(this.bounds.partBytes)}）`, 'too_large');
	}

	text(n: number): void {
		this.chars += n;
		if (this.chars > this.bounds.textChars) throw new ParseError(this.file, `文字过多（超过 ${this.bounds.textChars.toLocaleString('en')} 字）`, 'too_large');
	}

	table(): void {
		if (++this.tableCount > this.bounds.tables) throw new ParseError(this.file, `表格过多（超过 ${this.bounds.tables} 个）`, 'too_large');
	}

	cells(n = 1): void {
		this.cellCount += n;
		if (this.cellCount > this.bounds.cells) throw new ParseError(this.file, `表格单元格过多（超过 ${this.bounds.cells.toLocaleString('en')} 个）`, 'too_large');
	}
}

/**
 * The whole document against the bounds, whatever its reader counted as it went: text, tables,
 * and cells (a merged cell counted by the grid it covers, which recognition lays out).
 */
export function checkDocument(doc: Document, budget: Budget): void {
	const b = budget.bounds;
	const fail = (reason: string) => {
		throw new ParseError(budget.file, reason, 'too_large');
	};
	let chars = 0;
	let tables = 0;
	let cells = 0;
	for (const block of doc.blocks) {
		if (block.kind === 'paragraph') chars += block.text.length;
		else {
			tables++;
			for (const row of block.rows)
				for (const c of row) {
					chars += c.text.length;
					cells += c.rowSpan * c.colSpan;
				}
		}
	}
	if (chars > b.textChars) fail(`文字过多（超过 ${b.textChars.toLocaleString('en')} 字）`);
	if (tables > b.tables) fail(`表格过多（${tables} 个，上限 ${b.tables} 个）`);
	if (cells > b.cells) fail(`表格单元格过多（超过 ${b.cells.toLocaleString('en')} 个）`);
	budget.checkTime();
}

/**
 * What is stored of a report within the bounds: each section whole up to sectionChars and cut
 * there with a warning; a cell's published text (raw) up to cellChars likewise; the title too.
 */
export function boundReport(report: Report, bounds: Readonly<Bounds> = BOUNDS): Report {
	const sections = { ...report.sections };
	const warnings = [...report.warnings];
	for (const s of SECTIONS) {
		const text = sections[s.key];
		if (text && text.length > bounds.sectionChars) {
			sections[s.key] = text.slice(0, bounds.sectionChars);
			warnings.push({
				code: 'section_truncated',
				message: `第「${s.label}」部分过长（${text.length.toLocaleString('en')} 字），只保存前 ${bounds.sectionChars.toLocaleString('en')} 字`,
				where: s.key
			});
		}
	}
	let cut = 0;
	const cap = (t: string | null) => {
		if (t === null || t.length <= bounds.cellChars) return t;
		cut++;
		return t.slice(0, bounds.cellChars);
	};
	const capGrid = <G extends Record<string, Record<string, string | null>>>(g: G): G =>
		Object.fromEntries(Object.entries(g).map(([r, cols]) => [r, Object.fromEntries(Object.entries(cols).map(([c, t]) => [c, cap(t)]))])) as G;
	const raw = { applications: capGrid(report.raw.applications), reviews: capGrid(report.raw.reviews), proactive: capGrid(report.raw.proactive) };
	if (cut)
		warnings.push({ code: 'cell_text_truncated', message: `${cut} 个单元格的原文过长，只保存前 ${bounds.cellChars.toLocaleString('en')} 字`, where: 'raw' });
	const title = report.title && report.title.length > bounds.cellChars ? report.title.slice(0, bounds.cellChars) : report.title;
	return { ...report, title, sections, raw, warnings };
}
