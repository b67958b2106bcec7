/**
 * PDFium (compiled to WebAssembly by @embedpdf/pdfium) as a source of positioned text: the
 * characters of each page with their boxes, nothing else. The module is loaded once per
 * process, from the .wasm file inside the package (its README fetches it from a CDN, which a
 * server without network cannot reach).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { WrappedPdfiumModule } from '@embedpdf/pdfium';

/** One character as PDFium places it: origin on the baseline, box from the font's ascent and descent. */
export interface PdfChar {
	/** The Unicode text of the character (a surrogate pair kept whole). */
	text: string;
	/** Baseline origin, in PDF points from the page's bottom-left corner. */
	x: number;
	y: number;
	/** Right edge of the character's advance box. */
	right: number;
	/** Font size as rendered (points). */
	size: number;
	/** The font it is drawn in (a handle: equal for characters of one font). */
	font: number;
	/** PDFium inserted it (a space or line break it inferred), not the file. */
	generated: boolean;
}

export interface PdfPageText {
	chars: PdfChar[];
}

/** Why PDFium refused a document (FPDF_GetLastError). */
export type PdfiumFailure = 'password' | 'format' | 'file' | 'other';

export class PdfiumLoadError extends Error {
	constructor(
		readonly failure: PdfiumFailure,
		code: number
	) {
		super(`PDFium error ${code} (${failure})`);
	}
}

/**
 * The module's memory views (Emscripten's; its typings come from @types/emscripten, which the
 * package does not install). Read them at each use: they are replaced when memory grows.
 */
interface Heap {
	HEAPU8: Uint8Array;
	HEAPF32: Float32Array;
	HEAPF64: Float64Array;
	wasmExports: { malloc(size: number): number; free(ptr: number): void };
}

const require = createRequire(import.meta.url);
let module: Promise<WrappedPdfiumModule> | null = null;

/** PDFium is instantiated on first use: most batches have no PDF. */
export function loadPdfium(): Promise<WrappedPdfiumModule> {
	module ??= (async () => {
		const { init } = await import('@embedpdf/pdfium');
		const wasm = await readFile(require.resolve('@embedpdf/pdfium/pdfium.wasm'));
		const m = await init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
		m.PDFiumExt_Init();
		return m;
	})();
	return module;
}

const FAILURES: Record<number, PdfiumFailure> = { 2: 'file', 3: 'format', 4: 'password' };

/** An error of the engine itself (Emscripten's abort, a trap): the instance is unusable after it. */
export const engineFailed = (e: unknown) => e instanceof WebAssembly.RuntimeError || (e instanceof Error && /^Aborted\b/.test(e.message));

/**
 * Opens the document in PDFium's memory, runs `use`, and frees everything. After the engine
 * itself fails (a bomb's stream inflated past its memory aborts it), the instance is dropped: the
 * next document gets a new one, never the aborted one (every later PDF was refused as broken).
 */
async function withDocument<T>(bytes: Uint8Array, use: (m: WrappedPdfiumModule, doc: number, heap: Heap) => T): Promise<T> {
	try {
		return await inDocument(bytes, use);
	} catch (e) {
		if (engineFailed(e)) module = null;
		throw e;
	}
}

async function inDocument<T>(bytes: Uint8Array, use: (m: WrappedPdfiumModule, doc: number, heap: Heap) => T): Promise<T> {
	const m = await loadPdfium();
	const heap = m.pdfium as unknown as Heap;
	const buf = heap.wasmExports.malloc(bytes.length);
	try {
		heap.HEAPU8.set(bytes, buf);
		const doc = m.FPDF_LoadMemDocument(buf, bytes.length, '');
		if (!doc) {
			const code = m.FPDF_GetLastError();
			throw new PdfiumLoadError(FAILURES[code] ?? 'other', code);
		}
		try {
			return use(m, doc, heap);
		} finally {
			m.FPDF_CloseDocument(doc);
		}
	} finally {
		heap.wasmExports.free(buf);
	}
}

/** Called as pages are read: with their count first, then with each page's characters (either may throw to stop). */
export interface PdfTextWatch {
	pages(n: number): void;
	page(chars: number): void;
}

/**
 * The characters of every page. Throws PdfiumLoadError when PDFium cannot open the document;
 * pages it cannot load come back empty.
 */
export async function pdfiumText(bytes: Uint8Array, watch?: PdfTextWatch): Promise<PdfPageText[]> {
	const pages: PdfPageText[] = [];
	await pdfiumEachPage(bytes, (chars) => pages.push({ chars }), watch);
	return pages;
}

/**
 * Each page's characters handed to `use` as the page is read, and not kept: a reader that makes
 * something smaller of them (runs of text) holds one page's characters at a time.
 */
export function pdfiumEachPage(bytes: Uint8Array, use: (chars: PdfChar[]) => void, watch?: PdfTextWatch): Promise<void> {
	return withDocument(bytes, (m, doc, heap) => {
		// Four doubles of scratch for the out-parameters of the box functions.
		const out = heap.wasmExports.malloc(32);
		try {
			const n = m.FPDF_GetPageCount(doc);
			watch?.pages(n);
			for (let p = 0; p < n; p++) {
				const page = m.FPDF_LoadPage(doc, p);
				if (!page) {
					use([]);
					continue;
				}
				const text = m.FPDFText_LoadPage(page);
				try {
					// Counted before they are read: a page of a million characters is refused, not built.
					watch?.page(text ? m.FPDFText_CountChars(text) : 0);
					use(text ? pageChars(m, text, out) : []);
				} finally {
					if (text) m.FPDFText_ClosePage(text);
					m.FPDF_ClosePage(page);
				}
			}
		} finally {
			heap.wasmExports.free(out);
		}
	});
}

/** A page drawn as an 8-bit grey image, and the page's size in points. */
export interface PageImage {
	width: number;
	height: number;
	/** One byte a pixel, rows top to bottom. */
	gray: Uint8Array;
	/** Pixels per point (dpi / 72). */
	scale: number;
}

/** The largest image a page is drawn as, in pixels (16 MB of grey, 64 MB of PDFium's bitmap). */
const MAX_PIXELS = 16_000_000;

/** Draws pages (all, or the first `maxPages`) as grey images at `dpi` (smaller past MAX_PIXELS), for OCR. */
/** A rendered page with no more than this share of dark pixels is blank (a line of text darkens far more). */
const BLANK_PAGE_DARK_SHARE = 1e-4;

export function pdfiumRender(bytes: Uint8Array, dpi: number, maxPages = Infinity): Promise<PageImage[]> {
	return withDocument(bytes, (m, doc, heap) => {
		const images: PageImage[] = [];
		const n = Math.min(m.FPDF_GetPageCount(doc), maxPages);
		for (let p = 0; p < n; p++) {
			const page = m.FPDF_LoadPage(doc, p);
			if (!page) continue;
			try {
				// A page of absurd size is drawn smaller: at most MAX_PIXELS (an A4 page at 200 dpi is 3.9 M).
				const w = m.FPDF_GetPageWidthF(page);
				const h = m.FPDF_GetPageHeightF(page);
				const scale = Math.min(dpi / 72, Math.sqrt(MAX_PIXELS / Math.max(1, w * h)));
				const width = Math.max(1, Math.round(w * scale));
				const height = Math.max(1, Math.round(h * scale));
				const bitmap = m.FPDFBitmap_Create(width, height, 0);
				if (!bitmap) continue;
				try {
					m.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xffffffff);
					m.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, 0);
					const stride = m.FPDFBitmap_GetStride(bitmap);
					const at = m.FPDFBitmap_GetBuffer(bitmap);
					const bgrx = heap.HEAPU8;
					const gray = new Uint8Array(width * height);
					let dark = 0;
					for (let y = 0; y < height; y++) {
						let o = at + y * stride;
						const row = y * width;
						for (let x = 0; x < width; x++, o += 4) {
							const v = (gray[row + x] = (bgrx[o] * 29 + bgrx[o + 1] * 150 + bgrx[o + 2] * 77) >> 8);
							if (v < 128) dark++;
						}
					}
					// A blank page (nothing dark on it) has nothing to read: neither kept nor recognised.
					if (dark > width * height * BLANK_PAGE_DARK_SHARE) images.push({ width, height, gray, scale });
				} finally {
					m.FPDFBitmap_Destroy(bitmap);
				}
			} finally {
				m.FPDF_ClosePage(page);
			}
		}
		return images;
	});
}

function pageChars(m: WrappedPdfiumModule, text: number, out: number): PdfChar[] {
	const heap = m.pdfium as unknown as Heap;
	const count = m.FPDFText_CountChars(text);
	const chars: PdfChar[] = [];
	for (let i = 0; i < count; i++) {
		let code = m.FPDFText_GetUnicode(text, i);
		let s: string;
		if (code >= 0xd800 && code < 0xdc00 && i + 1 < count) {
			s = String.fromCharCode(code, m.FPDFText_GetUnicode(text, i + 1));
			code = -1;
		} else s = String.fromCodePoint(code);
		const generated = m.FPDFText_IsGenerated(text, i) === 1;
		// Origin (baseline) and the loose box (advance width, font ascent to descent).
		m.FPDFText_GetCharOrigin(text, i, out, out + 8);
		const x = heap.HEAPF64[out >> 3];
		const y = heap.HEAPF64[(out + 8) >> 3];
		// FS_RECTF: left, top, right, bottom as floats.
		m.FPDFText_GetLooseCharBox(text, i, out);
		const right = heap.HEAPF32[(out + 8) >> 2];
		// The font size is in text space: scale it by the character's matrix (FS_MATRIX a b c d e f).
		m.FPDFText_GetMatrix(text, i, out);
		const c = heap.HEAPF32[(out + 8) >> 2];
		const d = heap.HEAPF32[(out + 12) >> 2];
		const size = m.FPDFText_GetFontSize(text, i) * Math.hypot(c, d);
		const object = m.FPDFText_GetTextObject(text, i);
		chars.push({ text: s, x, y, right, size, font: object ? m.FPDFTextObj_GetFont(object) : 0, generated });
		if (code === -1) i++;
	}
	return chars;
}
