/**
 * OCR of scanned pages with Tesseract (Debian: `tesseract-ocr tesseract-ocr-chi-sim`), when it
 * is installed: page images in, positioned text out, for the same layout as a PDF's text.
 * Without it a scan is rejected as having no text layer, as before.
 *
 * Tesseract's hOCR gives lines (with a baseline and a text height), words and each character's
 * box. Pieces of one line get the line's baseline and height, so that the layout's tolerances
 * (fractions of the text height) apply as to PDF text.
 *
 * A ruled table is read cell by cell (./scan-grid.ts): a piece of text never spans a rule, and a
 * cell of a value column that the page's OCR left empty, or read as a number, is read again on
 * its own (all such cells of a page in one strip, digits only), which finds the lone 0s the
 * page's OCR drops. What is read stays a reading: recognition keeps only the values the table's
 * arithmetic confirms (../recognize/arithmetic.ts).
 */
import { reportPage } from '../progress.js';
import { execFile, execFileSync } from 'node:child_process';
import type { PositionedText } from '../layout/index.js';
import type { PageImage } from './pdfium.js';
import { findRules, gridCells, hasInk, withoutRules, type GridCell } from './scan-grid.js';

/** The language data Tesseract reads with: simplified Chinese, which also reads digits. */
const LANGUAGE = 'chi_sim';
/** Cells read again, for digits only: English data (installed with Tesseract itself) loads faster. */
const DIGITS_LANGUAGE = 'eng';
/** Words below this confidence (0–100) are noise (table rules read as 丨, stray dots). */
const MIN_CONFIDENCE = 20;
/** A word whose middle is farther than this many line heights from its line's is on another line. */
const OFF_LINE = 0.6;
/** Pieces of one line closer than this many heights are one piece of text. */
const JOIN = 1.0;
/** Digits of one word farther apart than this many heights are two numbers (two cells). */
const SPLIT = 0.6;
/** One page must be read within this long (a 200 dpi page takes ~4 s on one busy core). */
const PAGE_TIMEOUT_MS = 40_000;

let available: boolean | null = null;

/** True when `tesseract` runs here and has the Chinese data. */
export function ocrAvailable(): boolean {
	if (available === null) {
		try {
			const langs = execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
			available = langs.split(/\s+/).includes(LANGUAGE);
		} catch {
			available = false;
		}
	}
	return available;
}

/** A page image as a binary PGM, which Tesseract reads from stdin. */
function pgm(image: PageImage): Buffer {
	return Buffer.concat([
		Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1'),
		Buffer.from(image.gray.buffer, image.gray.byteOffset, image.gray.byteLength)
	]);
}

/** Tesseract's hOCR of an image: a page (layout analysis, Chinese), or a strip of cells for digits (psm 6: a block of lines; 7: one line). */
function tesseract(image: PageImage, mode: 'page' | '6' | '7' = 'page'): Promise<string> {
	return new Promise((resolve, reject) => {
		const dpi = String(Math.round(image.scale * 72));
		const how = mode === 'page' ? ['-l', LANGUAGE, '--psm', '3'] : ['-l', DIGITS_LANGUAGE, '--psm', mode, '-c', 'tessedit_char_whitelist=0123456789.'];
		const child = execFile(
			'tesseract',
			['stdin', 'stdout', ...how, '--dpi', dpi, '-c', 'hocr_char_boxes=1', 'hocr'],
			{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: PAGE_TIMEOUT_MS, env: { ...process.env, OMP_THREAD_LIMIT: '1' } },
			(err, stdout) => (err ? reject(err) : resolve(stdout))
		);
		child.stdin?.end(pgm(image));
	});
}

interface Box {
	left: number;
	top: number;
	right: number;
	bottom: number;
}
interface Word extends Box {
	conf: number;
	chars: (Box & { text: string })[];
}
interface OcrLine extends Box {
	/** Baseline offset from the line box's bottom (pixels; negative is up), and slope. */
	baseline: [number, number];
	/** Tesseract's estimate of the line's text height (pixels). */
	size: number;
	words: Word[];
}

const SPAN = /<span class='(ocr_line|ocr_textfloat|ocr_header|ocr_caption|ocrx_word|ocrx_cinfo)'[^>]*?title=(["'])(.*?)\2[^>]*>([^<]*)/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function box(title: string, name: string): Box | null {
	const m = new RegExp(`${name} (-?\\d+) (-?\\d+) (-?\\d+) (-?\\d+)`).exec(title);
	return m ? { left: +m[1], top: +m[2], right: +m[3], bottom: +m[4] } : null;
}

/** Tesseract's hOCR (with character boxes) as lines of words of characters. */
export function parseHocr(hocr: string): OcrLine[] {
	const lines: OcrLine[] = [];
	for (const m of hocr.matchAll(SPAN)) {
		const [, cls, , title, text] = m;
		if (cls === 'ocrx_cinfo') {
			const b = box(title, 'x_bboxes');
			const word = lines.at(-1)?.words.at(-1);
			if (b && word) word.chars.push({ ...b, text: text.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]) });
		} else if (cls === 'ocrx_word') {
			const b = box(title, 'bbox');
			const line = lines.at(-1);
			if (b && line) line.words.push({ ...b, conf: Number(/x_wconf (\d+)/.exec(title)?.[1] ?? 0), chars: [] });
		} else {
			const b = box(title, 'bbox');
			if (!b) continue;
			const base = /baseline (-?[\d.]+) (-?[\d.]+)/.exec(title);
			const size = Number(/x_size ([\d.]+)/.exec(title)?.[1] ?? b.bottom - b.top);
			lines.push({ ...b, baseline: base ? [+base[2], +base[1]] : [0, 0], size, words: [] });
		}
	}
	return lines;
}

/** A piece of recognized text in pixels: where it stands on its line, and the table cell it is in (-1: none). */
interface Piece {
	text: string;
	left: number;
	right: number;
	base: number;
	h: number;
	cell: number;
}

/**
 * Tesseract's lines to pieces of text. A line's pieces stand on its baseline, with its text
 * height; a word whose middle stands off the line's by more than OFF_LINE heights is on a
 * physical line of its own (Tesseract sometimes joins two). Within a word, digits that stand
 * apart by more than SPLIT heights are separate numbers (Tesseract reads a row of narrow cells,
 * 1 1 0 0 2, as one word), and so are characters in two cells of a ruled table (`cellOf`).
 * Pieces closer than JOIN heights are one piece of text (Chinese words are split wherever
 * characters stand apart), except two numbers, which the layout keeps apart or joins by its own
 * rule, and pieces of two cells.
 */
function hocrPieces(hocr: string, cellOf: (x: number, y: number) => number = () => -1): Piece[] {
	const out: Piece[] = [];
	for (const line of parseHocr(hocr)) {
		const h = line.size || line.bottom - line.top;
		const base = line.bottom + line.baseline[0];
		const middle = base - h / 2;
		const pieces: Piece[] = [];
		for (const w of line.words) {
			if (w.conf < MIN_CONFIDENCE) continue;
			const mid = (w.top + w.bottom) / 2;
			const wordBase = Math.abs(mid - middle) <= OFF_LINE * h ? base : mid + h / 2;
			let piece: Piece | null = null;
			for (const c of w.chars) {
				const text = c.text.replace(/[|丨｜]/g, '').trim();
				if (!text) continue;
				const cell = cellOf((c.left + c.right) / 2, (c.top + c.bottom) / 2);
				const apart = piece && ((/\d/.test(text) && /\d$/.test(piece.text) && c.left - piece.right > SPLIT * h) || cell !== piece.cell);
				if (piece && !apart) {
					piece.text += text;
					piece.right = c.right;
					continue;
				}
				if (piece) pieces.push(piece);
				piece = { text, left: c.left, right: c.right, base: wordBase, h, cell };
			}
			if (piece) pieces.push(piece);
		}
		pieces.sort((a, b) => a.base - b.base || a.left - b.left);
		let run: Piece | null = null;
		for (const p of pieces) {
			const r = run as Piece | null;
			if (r && r.base === p.base && r.cell === p.cell && p.left - r.right <= JOIN * h && !(NUMBER.test(r.text) && NUMBER.test(p.text))) {
				r.text += p.text;
				r.right = Math.max(r.right, p.right);
				continue;
			}
			if (r) out.push(r);
			run = { ...p };
		}
		if (run) out.push(run);
	}
	return out;
}

/** Pieces in pixels to positioned text in points, y up the page as in a PDF. */
function positioned(pieces: Piece[], image: PageImage): PositionedText[] {
	const s = image.scale;
	return pieces.map((p) => ({ text: p.text, x: p.left / s, y: (image.height - p.base) / s, w: (p.right - p.left) / s, h: p.h / s }));
}

/** Tesseract's hOCR of a page as positioned text (no table grid). */
export function hocrToText(hocr: string, image: PageImage): PositionedText[] {
	return positioned(hocrPieces(hocr), image);
}

const NUMBER = /^[\d.,，]+$/;
/** What a page's OCR makes of a number in a cell: digits, or letters that look like them (o for 0, l for 1). */
const NUMBER_LIKE = /^[\d.,，:：;'"‘’“”oOlI]+$/;
/** A cell read again is a number when its reading is one. */
const CELL_NUMBER = /^\d+(\.\d+)?$/;
/** Cells read again are cut this many pixels (at 72 dpi) inside their rules, and stacked this far apart (in cell heights). */
const CELL_INSET = 1.2;
const CELL_GAP = 0.6;
/** Cells the strip leaves unread that are read again alone, at most, on a page (a process each). */
const MAX_ALONE = 8;
/** A cell read again is at most this much wider than the widest cell with a number in its row. */
const VALUE_WIDTH = 1.25;

/** OCR of each page, one at a time (one core): the page, then the cells of its value columns again. */
export async function ocrPages(images: PageImage[], beforePage: () => void = () => {}): Promise<PositionedText[][]> {
	const pages: PositionedText[][] = [];
	for (const [i, image] of images.entries()) {
		beforePage();
		reportPage(i + 1, images.length);
		const grid = findRules(image);
		const clean = withoutRules(image, grid);
		const cells = gridCells(grid, image.scale);
		const cellOf = (x: number, y: number) => cells.findIndex((c) => x >= c.left && x < c.right && y >= c.top && y < c.bottom);
		const pieces = hocrPieces(await tesseract(clean), cells.length ? cellOf : undefined);
		pages.push(positioned(cells.length ? await rereadCells(pieces, cells, clean) : pieces, image));
	}
	return pages;
}

/**
 * The cells of the value columns (a column with a number read in one of its cells) that the
 * page's OCR left empty, though they hold ink, or read as a number: read again, each alone, for
 * digits. A number read again replaces the page's reading of its cell; an empty reading leaves it.
 */
async function rereadCells(pieces: Piece[], cells: GridCell[], image: PageImage): Promise<Piece[]> {
	const inCell = new Map<number, Piece[]>();
	for (const p of pieces) if (p.cell >= 0) inCell.set(p.cell, [...(inCell.get(p.cell) ?? []), p]);
	const slack = 3 * image.scale;
	const near = (a: number, b: number) => Math.abs(a - b) < slack;
	const textOf = (i: number) => (inCell.get(i) ?? []).map((p) => p.text).join('');
	const numbered = cells.filter((_, i) => CELL_NUMBER.test(textOf(i)));
	// A value row has a number read in one of its cells; a value column likewise.
	const band = (c: GridCell) => cells.map((_, j) => j).filter((j) => near(cells[j].top, c.top) && near(cells[j].bottom, c.bottom));
	const column = (c: GridCell) => numbered.filter((n) => near(n.left, c.left) && near(n.right, c.right));
	const isLabel = (j: number) => [...textOf(j)].length >= 3 && !NUMBER_LIKE.test(textOf(j));
	const inset = CELL_INSET * image.scale;
	const todo = cells
		.map((_, i) => i)
		.filter((i) => {
			const c = cells[i];
			const row = band(c);
			const rowNumbers = numbered.filter((n) => row.some((j) => cells[j] === n));
			const labels = row.filter(isLabel);
			const text = textOf(i);
			const numberish = text === '' || NUMBER_LIKE.test(text);
			// A row with a number read: its cells right of its labels, empty, numbers or a character or
			// two of noise (和 for a 0). A row with a label and nothing read: its empty cells under numbers.
			const ofRow = rowNumbers.length > 0 && (numberish || [...text].length <= 2);
			const ofColumn = labels.length > 0 && column(c).length > 0 && numberish;
			if (!ofRow && !ofColumn) return false;
			if (labels.some((j) => cells[j].right > c.left + slack)) return false;
			// As narrow as the cells with numbers beside or above it: a label cell is wider.
			const widths = [...rowNumbers, ...column(c)].map((n) => n.right - n.left);
			return c.right - c.left <= VALUE_WIDTH * Math.max(...widths) && hasInk(image, c, inset);
		});
	if (!todo.length) return pieces;

	const boxes = todo
		.map((i) => cells[i])
		.map((c) => ({
			x: Math.ceil(c.left + inset),
			y: Math.ceil(c.top + inset),
			w: Math.floor(c.right - c.left - 2 * inset),
			h: Math.floor(c.bottom - c.top - 2 * inset)
		}));
	const readings = await readStrip(image, boxes, '6');
	// A cell the strip left unread, with nothing of the page's in it, is read alone as one line (a lone 1 is lost in a block).
	const alone = boxes.map((_, k) => k).filter((k) => !readings.has(k) && !(inCell.get(todo[k]) ?? []).some((p) => CELL_NUMBER.test(p.text)));
	for (const k of alone.slice(0, MAX_ALONE)) {
		const one = (await readStrip(image, [boxes[k]], '7')).get(0);
		if (one) readings.set(k, one);
	}
	const read = new Map<number, Piece>();
	for (const [k, r] of readings) {
		const i = todo[k];
		read.set(i, { ...r, base: baseOf(i, cells, inCell, r.h), cell: i });
	}
	return [...pieces.filter((p) => !read.has(p.cell)), ...read.values()];
}

/**
 * Boxes of the page read for digits: copied one above the other into a strip, read as a block
 * of lines (psm 6) or, for one box, as one line (psm 7). A box's reading is kept when it is a
 * number: its text, and where it stands on the page. (Drawn twice as large, they read worse.)
 */
async function readStrip(
	image: PageImage,
	boxes: { x: number; y: number; w: number; h: number }[],
	psm: '6' | '7'
): Promise<Map<number, { text: string; left: number; right: number; h: number }>> {
	const pad = Math.round(8 * image.scale);
	const width = Math.max(...boxes.map((b) => b.w)) + 2 * pad;
	const tops: number[] = [];
	let height = pad;
	for (const b of boxes) {
		tops.push(height);
		height += b.h + Math.round(Math.max(pad, CELL_GAP * b.h));
	}
	height += pad;
	const gray = new Uint8Array(width * height).fill(255);
	boxes.forEach((b, k) => {
		for (let y = 0; y < b.h; y++)
			gray.set(image.gray.subarray((b.y + y) * image.width + b.x, (b.y + y) * image.width + b.x + b.w), (tops[k] + y) * width + pad);
	});
	const out = new Map<number, { text: string; left: number; right: number; h: number }>();
	for (const line of parseHocr(await tesseract({ width, height, gray, scale: image.scale }, psm))) {
		const mid = (line.top + line.bottom) / 2;
		const k = boxes.length === 1 ? 0 : tops.findIndex((t, j) => mid >= t && mid < t + boxes[j].h);
		const text = line.words.flatMap((w) => w.chars.map((c) => c.text)).join('');
		if (k < 0 || !CELL_NUMBER.test(text)) continue;
		const left = boxes[k].x + line.left - pad;
		out.set(k, { text, left, right: left + line.right - line.left, h: line.size || line.bottom - line.top });
	}
	return out;
}

/** Where a number read again stands: on its cell's reading by the page, or on the line of the other cells of its row, or low in its cell. */
function baseOf(i: number, cells: GridCell[], inCell: Map<number, Piece[]>, h: number): number {
	const own = inCell.get(i)?.[0];
	if (own) return own.base;
	const c = cells[i];
	const row = cells.flatMap((o, j) => (Math.abs(o.top - c.top) < 2 && Math.abs(o.bottom - c.bottom) < 2 ? (inCell.get(j) ?? []) : []));
	const bases = row.map((p) => p.base).sort((a, b) => a - b);
	return bases.length ? bases[bases.length >> 1] : (c.top + c.bottom + h) / 2;
}
