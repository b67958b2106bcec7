/**
 * Every tolerance the layout uses, in one place, with what it decides. Distances are fractions
 * of the text's height (its font size, or an OCR box's height) unless named `…Pt`, which are in
 * page units (PDF points; an OCR reader scales its pixels to the same order).
 */
export const TOLERANCES = {
	line: {
		/** Two pieces are on one line when their baselines differ by at most this fraction of the smaller height… */
		baseline: 0.45,
		/** …or by this many points, whichever is larger (tiny fonts). */
		baselineMinPt: 2
	},
	segment: {
		/** Pieces of one line closer than this are one cell's text; a wider gap separates cells (about half a character). */
		gap: 0.5,
		/** The same, floor in points. */
		gapMinPt: 1.5,
		/** A number next to words (3985758 after 行政处罚) is a cell of its own once the gap passes this. */
		kindChangeGap: 0.3
	},
	wrappedLabel: {
		/** A label line (no values) belongs to the nearest value row within this many line heights… */
		maxDistance: 2.2,
		/** …if it ends left of that row's first value (slack in points). */
		leftOfValuesPt: 1
	},
	header: {
		/** A line stacked within this many line heights below a header row continues its labels (商业 / 企业). */
		stackDistance: 1.8,
		/** Horizontal overlap slack (points) for a piece to fall under a header cell. */
		overlapPt: 1,
		/** Lines without values just above a table's values are its header when their text is below this fraction of the prose's height. */
		smallerThanProse: 0.9
	},
	paragraph: {
		/** A prose line that starts within this fraction of its height from the left margin continues the paragraph. */
		margin: 0.8,
		/** A prose line that stops this many heights short of the right edge ends its paragraph. */
		shortLine: 2
	},
	grid: {
		/** A row with fewer values is aligned to the columns of a fuller row at most this many value rows away… */
		neighbourRows: 4,
		/** …when each of its values lies within this many heights of one of that row's column centres. */
		column: 1.2
	},
	label: {
		/** Label pieces of one row whose left edges are within this many heights are one label, joined top to bottom. */
		column: 1.5
	}
} as const;
