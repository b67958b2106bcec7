/**
 * The ruled grid of a scanned table: its rules found in the page image as long straight runs of
 * ink, and the cells they enclose. OCR of a whole page drops lone digits in narrow cells (a 0
 * most of all) and runs the digits of neighbouring cells together (1 1 0 0 2 as 11002); with the
 * cells known, each cell's text is its own, and a cell the page's OCR left empty is read again by
 * itself (./ocr.ts).
 */
import type { PageImage } from './pdfium.js';

/** A pixel darker than this (0 black – 255 white) is ink. */
export const INK = 160;
/** A straight run of ink at least this fraction of the page's shorter side is a rule. */
export const RULE_MIN = 0.04;
/** Parallel rule pixels this close (pixels at 200 dpi, scaled) are one rule: a thick or a double line. */
const RULE_MERGE = 6;
/** Rules this far short of each other's ends (points) still meet: scans break lines, and rules stop short of each other. */
const RULE_SLACK_PT = 1.5;

export interface Rule {
	/** Where the rule stands: y of a horizontal rule, x of a vertical one (pixels). */
	at: number;
	/** Where it runs from and to along its length. */
	from: number;
	to: number;
}

export interface GridCell {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

export interface Grid {
	horizontal: Rule[];
	vertical: Rule[];
	/** The rule mask: 1 where a pixel belongs to a rule. */
	mask: Uint8Array;
}

/** The page's rules: runs of ink at least RULE_MIN of its shorter side, horizontal and vertical. */
export function findRules(image: PageImage): Grid {
	const { width: w, height: h, gray } = image;
	const min = Math.max(8, Math.round(Math.min(w, h) * RULE_MIN));
	const mask = new Uint8Array(w * h);
	const runs = (n: number, len: number, at: (i: number, k: number) => number): Rule[] => {
		const out: Rule[] = [];
		for (let i = 0; i < n; i++) {
			let start = -1;
			for (let k = 0; k <= len; k++) {
				const ink = k < len && gray[at(i, k)] < INK;
				if (ink && start < 0) start = k;
				if (!ink && start >= 0) {
					if (k - start >= min) {
						for (let j = start; j < k; j++) mask[at(i, j)] = 1;
						out.push({ at: i, from: start, to: k });
					}
					start = -1;
				}
			}
		}
		return out;
	};
	const merge = Math.max(2, Math.round((RULE_MERGE * image.scale * 72) / 200));
	return {
		horizontal: mergeRules(
			runs(h, w, (y, x) => y * w + x),
			merge
		),
		vertical: mergeRules(
			runs(w, h, (x, y) => y * w + x),
			merge
		),
		mask
	};
}

/** Runs on neighbouring rows (or columns) that overlap are one rule, at their middle, over their union. */
function mergeRules(runs: Rule[], gap: number): Rule[] {
	type Open = Rule & { first: number; last: number };
	const join = (items: Open[]): Open[] => {
		const out: Open[] = [];
		for (const r of [...items].sort((a, b) => a.first - b.first)) {
			const same = out.find((o) => r.first - o.last <= gap && r.from <= o.to && r.to >= o.from);
			if (same) {
				same.last = Math.max(same.last, r.last);
				same.from = Math.min(same.from, r.from);
				same.to = Math.max(same.to, r.to);
			} else out.push({ ...r });
		}
		return out;
	};
	// Twice: pieces of a line joined by a later run are one rule with each other too.
	const rules = join(join(runs.map((r) => ({ ...r, first: r.at, last: r.at }))));
	return rules.map((r) => ({ at: Math.round((r.first + r.last) / 2), from: r.from, to: r.to }));
}

/**
 * The cells the rules enclose that no rule divides: between two horizontal rules that follow
 * each other where both cross, and two vertical rules that both cross the band between them. A
 * merged cell (a label down several rows) is not one of them where a rule inside it is missing.
 */
export function gridCells(grid: Grid, scale: number): GridCell[] {
	const slack = Math.max(2, RULE_SLACK_PT * scale);
	const crosses = (r: Rule, p: number) => r.from - slack <= p && p <= r.to + slack;
	const cells: GridCell[] = [];
	const hs = [...grid.horizontal].sort((a, b) => a.at - b.at);
	const vs = [...grid.vertical].sort((a, b) => a.at - b.at);
	for (let i = 0; i < hs.length; i++) {
		for (let j = i + 1; j < hs.length; j++) {
			const [top, bottom] = [hs[i], hs[j]];
			if (bottom.at - top.at < 3 * slack) continue;
			const mid = (top.at + bottom.at) / 2;
			const sides = vs.filter((v) => crosses(v, top.at + slack) && crosses(v, bottom.at - slack) && v.at >= top.from - slack && v.at <= top.to + slack);
			for (let k = 0; k + 1 < sides.length; k++) {
				const [l, r] = [sides[k].at, sides[k + 1].at];
				const x = (l + r) / 2;
				if (r - l < 2 * slack || !crosses(top, x) || !crosses(bottom, x)) continue;
				// No horizontal rule between the two crosses this cell: it is one cell, not a band of several.
				if (hs.some((o) => o.at > top.at + slack && o.at < bottom.at - slack && crosses(o, x))) continue;
				if (vs.some((o) => o.at > l + slack && o.at < r - slack && crosses(o, mid))) continue;
				cells.push({ left: l, top: top.at, right: r, bottom: bottom.at });
			}
		}
	}
	return cells;
}

/** The rules whitened: Tesseract takes ruled cells for pictures and drops the digits inside them. */
export function withoutRules(image: PageImage, grid: Grid): PageImage {
	const g = image.gray.slice();
	const { width: w, height: h } = image;
	// The rule and a pixel around it: anti-aliased edges are lighter than INK but still a line to OCR.
	for (let y = 0; y < h; y++) {
		for (let x = 0; x < w; x++) {
			const i = y * w + x;
			if (grid.mask[i] || (x > 0 && grid.mask[i - 1]) || (x + 1 < w && grid.mask[i + 1]) || (y > 0 && grid.mask[i - w]) || (y + 1 < h && grid.mask[i + w]))
				g[i] = 255;
		}
	}
	return { ...image, gray: g };
}

/** Whether a box of the image holds ink (more than a speck) once rules are whitened. */
export function hasInk(image: PageImage, c: GridCell, inset: number): boolean {
	let n = 0;
	for (let y = Math.ceil(c.top + inset); y < c.bottom - inset; y++) {
		for (let x = Math.ceil(c.left + inset); x < c.right - inset; x++) if (image.gray[y * image.width + x] < INK) n++;
	}
	return n >= 6;
}
