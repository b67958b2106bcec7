/**
 * OCR of scanned pages with Tesseract (Debian: `tesseract-ocr tesseract-ocr-chi-sim`), when it
 * is installed: page images in, positioned text out, for the same layout as a PDF's text.
 * Without it a scan is rejected as having no text layer, as before.
 *
 * Tesseract's TSV gives a box per word (for Chinese often one character) inside a box per
 * line. Pieces of one line get the line's bottom as their baseline and the line's typical
 * height, so that the layout's tolerances (fractions of the text height) apply as to PDF text.
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
/** Words of one line closer than this many heights are one piece of text. */
const JOIN = 1.0;
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
	return Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1'), Buffer.from(image.gray.buffer, image.gray.byteOffset, image.gray.byteLength)]);
}

function tesseract(image: PageImage): Promise<string> {
	return new Promise((resolve, reject) => {
		const dpi = String(Math.round(image.scale * 72));
		const child = execFile(
			'tesseract',
			['stdin', 'stdout', '-l', LANGUAGE, '--psm', '3', '--dpi', dpi, 'tsv'],
			{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: PAGE_TIMEOUT_MS, env: { ...process.env, OMP_THREAD_LIMIT: '1' } },
			(err, stdout) => (err ? reject(err) : resolve(stdout))
		);
		child.stdin?.end(pgm(image));
	});
}

interface Word {
	line: string;
	left: number;
	top: number;
	width: number;
	height: number;
	text: string;
}

/**
 * Tesseract's TSV to positioned text in points, y up the page as in a PDF. Within a line of
 * Tesseract's, a word whose middle stands off the line's by more than OFF_LINE heights is on a
 * physical line of its own (Tesseract sometimes joins two); words closer than JOIN heights are
 * one piece of text (Chinese words are split wherever the characters stand apart), except two
 * numbers, which the layout keeps apart or joins by its own rule.
 */
export function tsvToText(tsv: string, image: PageImage): PositionedText[] {
	const words: Word[] = [];
	for (const row of tsv.split('\n').slice(1)) {
		const f = row.split('\t');
		if (f.length < 12 || f[0] !== '5') continue;
		const text = f.slice(11).join('\t').replace(/[|丨｜]/g, '').trim();
		if (!text || Number(f[10]) < MIN_CONFIDENCE) continue;
		words.push({ line: `${f[2]}.${f[3]}.${f[4]}`, left: +f[6], top: +f[7], width: +f[8], height: +f[9], text });
	}
	const lines = new Map<string, Word[]>();
	for (const w of words) {
		const l = lines.get(w.line);
		if (l) l.push(w);
		else lines.set(w.line, [w]);
	}
	const out: PositionedText[] = [];
	const s = image.scale;
	for (const ws of lines.values()) {
		const h = median(ws.map((w) => w.height));
		const middle = median(ws.map((w) => w.top + w.height / 2));
		// Each word's baseline (pixels from the top): the line's, unless the word is off the line.
		const placed = ws
			.map((w) => {
				const mid = w.top + w.height / 2;
				return { ...w, base: Math.round(Math.abs(mid - middle) <= OFF_LINE * h ? middle + h / 2 : mid + h / 2) };
			})
			.sort((a, b) => a.base - b.base || a.left - b.left);
		let run: { text: string; left: number; right: number; base: number } | null = null;
		const flush = () => {
			if (run) out.push({ text: run.text, x: run.left / s, y: (image.height - run.base) / s, w: (run.right - run.left) / s, h: h / s });
			run = null;
		};
		for (const w of placed) {
			const r = run as { text: string; left: number; right: number; base: number } | null;
			if (r && r.base === w.base && w.left - r.right <= JOIN * h && !(NUMBER.test(r.text) && NUMBER.test(w.text))) {
				r.text += w.text;
				r.right = Math.max(r.right, w.left + w.width);
				continue;
			}
			flush();
			run = { text: w.text, left: w.left, right: w.left + w.width, base: w.base };
		}
		flush();
	}
	return out;
}

const NUMBER = /^[\d.,，]+$/;

function median(v: number[]): number {
	const sorted = [...v].sort((a, b) => a - b);
	return sorted[sorted.length >> 1];
}

/** OCR of each page, one at a time (one core). */
export async function ocrPages(images: PageImage[]): Promise<PositionedText[][]> {
	const pages: PositionedText[][] = [];
	for (const image of images) pages.push(tsvToText(await tesseract(removeRules(image)), image));
	return pages;
}
