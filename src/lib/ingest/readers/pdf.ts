/**
 * PDF reports, read with PDFium (WebAssembly: no network, no external program). A PDF has no
 * tables, only characters at positions: they are grouped into runs of text here, and the runs
 * into rows, columns and paragraphs by the layout (../layout). A PDF without text (a scan) is
 * read by OCR (./ocr.ts) through the same layout, when Tesseract is installed.
 */
import { ParseError, type Document } from '../document.js';
import { joinPages, layoutPageFlow, ProseStyle, type PageLayout, type PositionedText } from '../layout/index.js';
import { engineFailed, pdfiumEachPage, pdfiumRender, PdfiumLoadError, type PdfChar } from './pdfium.js';
import { ocrAvailable, ocrPages } from './ocr.js';
import { Budget } from '../bounds.js';
import { checkPdfStreams } from './pdf-streams.js';

/** Fewer non-blank characters than this in the whole file: no text layer (a scan). */
const MIN_TEXT_CHARS = 20;
/** A scan is read by OCR (when Tesseract is installed) at this resolution, up to BOUNDS.ocrPages pages. */
const OCR_DPI = 200;

export async function readPdf(bytes: Uint8Array, file: string, budget = new Budget(file)): Promise<Document> {
	if (!(bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46)) {
		throw new ParseError(file, '不是有效的 PDF 文件（not a PDF: no %PDF header）');
	}
	checkPdfStreams(bytes, budget);
	const pages: PageLayout[] = [];
	const prose = new ProseStyle();
	let chars = 0;
	try {
		// The page count is checked before any page is read; the clock and the text at each page.
		// A page's characters become runs and blocks at once: one page's characters are held at a time.
		await pdfiumEachPage(
			bytes,
			(pageChars) => {
				const items = runs(pageChars);
				for (const it of items) chars += it.text.replace(/\s/g, '').length;
				pages.push(layoutPageFlow(items, prose));
			},
			{
				pages: (n) => budget.pages(n),
				page: (n) => {
					budget.checkTime();
					budget.text(n);
				}
			}
		);
	} catch (e) {
		if (e instanceof ParseError) throw e;
		if (e instanceof PdfiumLoadError && e.failure === 'password') throw new ParseError(file, 'PDF 已加密，无法读取（encrypted PDF）', 'encrypted');
		// The engine's own failure says nothing certain of the file: not its verdict, read again next time.
		if (engineFailed(e)) throw new ParseError(file, `PDF 解析引擎异常中止，下次入库时重新读取（${(e as Error).message}）`, 'parser_crashed');
		throw new ParseError(file, `PDF 已损坏，无法读取（broken PDF: ${(e as Error).message}）`);
	}
	if (chars < MIN_TEXT_CHARS) return readScan(bytes, file, budget);
	return { blocks: joinPages(pages) };
}

/** A PDF of page images: OCR when it can be done here, else rejected as a scan. */
async function readScan(bytes: Uint8Array, file: string, budget: Budget): Promise<Document> {
	const noText = () => new ParseError(file, 'PDF 没有文字层，可能是扫描件（no text layer: scanned PDF）', 'no_text_layer');
	if (!ocrAvailable()) throw noText();
	let pages: PositionedText[][];
	try {
		const images = await pdfiumRender(bytes, OCR_DPI, budget.bounds.ocrPages);
		budget.allowOcr(images.length);
		pages = await ocrPages(images, () => budget.checkTime());
	} catch (e) {
		if (e instanceof ParseError) throw e;
		throw new ParseError(file, `扫描件文字识别失败（OCR failed: ${(e as Error).message.split('\n')[0]}）`, 'no_text_layer');
	}
	const chars = pages.flat().reduce((n, t) => n + t.text.replace(/\s/g, '').length, 0);
	if (chars < MIN_TEXT_CHARS) throw noText();
	const prose = new ProseStyle();
	return { blocks: joinPages(pages.map((items) => layoutPageFlow(items, prose))), ocr: true };
}

/**
 * Spacing between characters of one run, as fractions of the font size (the thresholds pdf.js
 * uses, so that runs are those a PDF viewer shows as one piece of text).
 */
const RUN = {
	/** A gap up to this joins the next character directly. */
	noSpace: 0.102,
	/** A gap up to this joins it with one space between; a wider gap starts a new run. */
	space: 0.6,
	/** Overlap back beyond this (text drawn leftwards) starts a new run. */
	backwards: -0.2,
	/** A baseline shift beyond this starts a new run (another line, a superscript). */
	baseline: 0.25,
	/**
	 * Characters stacked one per line: the same left edge within this, and each baseline one
	 * font size (within this) below the last.
	 */
	column: 0.2
};

/**
 * Characters into runs of text: one font and size, one baseline, no wide gap. A column of
 * characters of one font stacked one per line (a label written vertically, 三、本年度办理结果
 * down a merged cell) is one run too, placed at its top character.
 */
function runs(chars: PdfChar[]): PositionedText[] {
	const items: PositionedText[] = [];
	type Run = PositionedText & { font: number; size: number; vertical: boolean; lastY: number };
	let cur: Run | null = null;
	const flush = () => {
		if (cur && cur.text.trim()) items.push({ text: cur.text, x: cur.x, y: cur.y, w: cur.w, h: cur.h });
		cur = null;
	};
	for (const c of chars) {
		// PDFium's inferred spaces and line breaks carry no position: runs are cut by geometry below.
		// Control characters (a glyph without Unicode comes back as 0) are not text either.
		if (c.generated || c.text < ' ') continue;
		const h = c.size || 10;
		if (cur && c.font === cur.font && Math.abs(h - cur.size) < 0.01 * h) {
			const gap = c.x - (cur.x + cur.w);
			const drop = cur.lastY - c.y;
			const stacked = Math.abs(c.x - cur.x) < RUN.column * h && drop > (1 - RUN.column) * h && drop < (1 + RUN.column) * h;
			if (!cur.vertical && Math.abs(c.y - cur.y) <= RUN.baseline * h && gap >= RUN.backwards * h && gap <= RUN.space * h) {
				if (gap > RUN.noSpace * h && !/\s$/.test(cur.text)) cur.text += ' ';
				cur.text += c.text;
				cur.w = Math.max(cur.w, c.right - cur.x);
				continue;
			}
			if (stacked && (cur.vertical || [...cur.text].length === 1)) {
				cur.vertical = true;
				cur.text += c.text;
				cur.h += h;
				cur.w = h;
				cur.lastY = c.y;
				continue;
			}
		}
		flush();
		cur = { text: c.text, x: c.x, y: c.y, w: c.right - c.x, h, font: c.font, size: h, vertical: false, lastY: c.y };
	}
	flush();
	return items;
}
