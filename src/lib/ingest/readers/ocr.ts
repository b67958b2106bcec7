/**
 * OCR of scanned pages with Tesseract (Debian: `tesseract-ocr tesseract-ocr-chi-sim`), when it
 * is installed: page images in, positioned text out, for the same layout as a PDF's text.
 * Without it a scan is rejected as having no text layer, as before.
 *
 * Tesseract's hOCR gives lines (with a baseline and a text height), words and each character's
 * box. Pieces of one line get the line's baseline and height, so that the layout's tolerances
 * (fractions of the text height) apply as to PDF text.
 */
import { execFile, execFileSync } from 'node:child_process';
import type { PositionedText } from '../layout/index.js';
import type { PageImage } from './pdfium.js';

/** The language data Tesseract reads with: simplified Chinese, which also reads digits. */
const LANGUAGE = 'chi_sim';
/** Words below this confidence (0–100) are noise (table rules read as 丨, stray dots). */
const MIN_CONFIDENCE = 20;
/** A pixel darker than this (0 black – 255 white) is ink. */
const INK = 160;
/** A straight run of ink at least this fraction of the page's shorter side is a table rule. */
const RULE_MIN = 0.04;
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

/**
 * The page with its table rules whitened: Tesseract takes ruled cells for pictures and drops the
 * digits inside them (a lone 0 most of all). Text strokes are far shorter than a rule.
 */
export function removeRules(image: PageImage): PageImage {
	const { width: w, height: h } = image;
	const g = image.gray.slice();
	const min = Math.max(8, Math.round(Math.min(w, h) * RULE_MIN));
	const rule = new Uint8Array(w * h);
	const scan = (n: number, len: number, at: (i: number, k: number) => number) => {
		for (let i = 0; i < n; i++) {
			let start = -1;
			for (let k = 0; k <= len; k++) {
				const ink = k < len && image.gray[at(i, k)] < INK;
				if (ink && start < 0) start = k;
				if (!ink && start >= 0) {
					if (k - start >= min) for (let j = start; j < k; j++) rule[at(i, j)] = 1;
					start = -1;
				}
			}
		}
	};
	scan(h, w, (y, x) => y * w + x);
	scan(w, h, (x, y) => y * w + x);
	for (let i = 0; i < g.length; i++) if (rule[i]) g[i] = 255;
	return { ...image, gray: g };
}

/** A page image as a binary PGM, which Tesseract reads from stdin. */
function pgm(image: PageImage): Buffer {
	return Buffer.concat([
		Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1'),
		Buffer.from(image.gray.buffer, image.gray.byteOffset, image.gray.byteLength)
	]);
}

function tesseract(image: PageImage): Promise<string> {
	return new Promise((resolve, reject) => {
		const dpi = String(Math.round(image.scale * 72));
		const child = execFile(
			'tesseract',
			['stdin', 'stdout', '-l', LANGUAGE, '--psm', '3', '--dpi', dpi, '-c', 'hocr_char_boxes=1', 'hocr'],
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

/**
 * Tesseract's lines to positioned text in points, y up the page as in a PDF. A line's pieces
 * stand on its baseline, with its text height; a word whose middle stands off the line's by
 * more than OFF_LINE heights is on a physical line of its own (Tesseract sometimes joins two).
 * Within a word, digits that stand apart by more than SPLIT heights are separate numbers
 * (Tesseract reads a row of narrow cells, 1 1 0 0 2, as one word). Pieces closer than JOIN
 * heights are one piece of text (Chinese words are split wherever characters stand apart),
 * except two numbers, which the layout keeps apart or joins by its own rule.
 */
export function hocrToText(hocr: string, image: PageImage): PositionedText[] {
	const out: PositionedText[] = [];
	const s = image.scale;
	for (const line of parseHocr(hocr)) {
		const h = line.size || line.bottom - line.top;
		const base = line.bottom + line.baseline[0];
		const middle = base - h / 2;
		const pieces: { text: string; left: number; right: number; base: number }[] = [];
		for (const w of line.words) {
			if (w.conf < MIN_CONFIDENCE) continue;
			const mid = (w.top + w.bottom) / 2;
			const wordBase = Math.abs(mid - middle) <= OFF_LINE * h ? base : mid + h / 2;
			const chars = w.chars.length ? w.chars : [];
			let piece: { text: string; left: number; right: number; base: number } | null = null;
			for (const c of chars) {
				const text = c.text.replace(/[|丨｜]/g, '').trim();
				if (!text) continue;
				const apart = piece && /\d/.test(text) && /\d$/.test(piece.text) && c.left - piece.right > SPLIT * h;
				if (piece && !apart) {
					piece.text += text;
					piece.right = c.right;
					continue;
				}
				if (piece) pieces.push(piece);
				piece = { text, left: c.left, right: c.right, base: wordBase };
			}
			if (piece) pieces.push(piece);
		}
		pieces.sort((a, b) => a.base - b.base || a.left - b.left);
		let run: (typeof pieces)[number] | null = null;
		const flush = () => {
			if (run) out.push({ text: run.text, x: run.left / s, y: (image.height - run.base) / s, w: (run.right - run.left) / s, h: h / s });
			run = null;
		};
		for (const p of pieces) {
			const r = run as (typeof pieces)[number] | null;
			if (r && r.base === p.base && p.left - r.right <= JOIN * h && !(NUMBER.test(r.text) && NUMBER.test(p.text))) {
				r.text += p.text;
				r.right = Math.max(r.right, p.right);
				continue;
			}
			flush();
			run = { ...p };
		}
		flush();
	}
	return out;
}

const NUMBER = /^[\d.,，]+$/;

/** OCR of each page, one at a time (one core). */
export async function ocrPages(images: PageImage[], beforePage: () => void = () => {}): Promise<PositionedText[][]> {
	const pages: PositionedText[][] = [];
	for (const image of images) {
		beforePage();
		pages.push(hocrToText(await tesseract(removeRules(image)), image));
	}
	return pages;
}
