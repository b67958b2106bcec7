/**
 * Positioned text into lines and, within a line, segments (one cell's text each).
 */
import { looksLikeValue } from '../values.js';
import { TOLERANCES as T } from './tolerances.js';

/**
 * A piece of text at a place on the page: what a PDF's text runs and an OCR engine's boxes
 * both are. `y` is the baseline and grows up the page (PDF user space): a reader whose y grows
 * downwards (images) gives `pageHeight - bottom`.
 */
export interface PositionedText {
	text: string;
	/** Left edge. */
	x: number;
	/** Baseline. */
	y: number;
	/** Width. */
	w: number;
	/** Height of the text (font size, or the box's height). */
	h: number;
}

/** The text of one cell on one line: pieces close together. */
export interface Segment {
	text: string;
	x: number;
	end: number;
	y: number;
	h: number;
	/** Reads as a value (a number, a zero mark) rather than a label. */
	value: boolean;
}

export interface Line {
	y: number;
	h: number;
	segments: Segment[];
}

/** Pieces on one baseline form a line; lines come top to bottom, pieces left to right. */
export function toLines(items: PositionedText[]): Line[] {
	const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
	const lines: { y: number; h: number; items: PositionedText[] }[] = [];
	for (const it of sorted) {
		const line = lines.find((l) => Math.abs(l.y - it.y) <= Math.max(T.line.baselineMinPt, T.line.baseline * Math.min(l.h, it.h)));
		if (line) {
			line.items.push(it);
			line.h = Math.max(line.h, it.h);
		} else lines.push({ y: it.y, h: it.h, items: [it] });
	}
	lines.sort((a, b) => b.y - a.y);
	return lines.map((l) => ({ y: l.y, h: l.h, segments: toSegments(l.items) }));
}

/** Pieces close together are one segment; a gap wider than about half a character separates cells. */
export function toSegments(items: PositionedText[]): Segment[] {
	const sorted = [...items].sort((a, b) => a.x - b.x);
	const segs: Segment[] = [];
	for (const it of sorted) {
		const last = segs[segs.length - 1];
		const gap = last ? it.x - last.end : Infinity;
		const close = last && gap < Math.max(T.segment.gapMinPt, T.segment.gap * Math.min(last.h, it.h));
		const kindChange = last && looksLikeValue(it.text) !== looksLikeValue(last.text) && gap > T.segment.kindChangeGap * it.h;
		if (close && !kindChange) {
			last.text += it.text;
			last.end = Math.max(last.end, it.x + it.w);
			last.h = Math.max(last.h, it.h);
		} else segs.push({ text: it.text, x: it.x, end: it.x + it.w, y: it.y, h: it.h, value: false });
	}
	for (const s of segs) s.value = s.text.trim() !== '' && looksLikeValue(s.text);
	return segs;
}
