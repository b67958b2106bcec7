/**
 * The text index as both sides read it — the build writing it (build/text-index.ts), the search
 * reading it (server/queries/search.ts): how a row is numbered and ordered, which bigrams are
 * common and where their bits are, how a term's bigrams are packed.
 */
import { SECTION_KEYS } from '../report/template.js';
import { sqlList } from './sql.js';

/**
 * A bigram narrows a search when at most this share of the rows holds it. The rows of a bigram
 * are matched with every row by a hash join: at 1.2M reports (3.6M rows) 26,000 candidates took
 * 70 ms, 305,000 took 134 ms, and 816,000 (23%) took longer than contains() on every row. The
 * commoner bigrams are kept as bits of each row instead (`common0`…), which cost next to
 * nothing to test.
 */
export const NARROWS = 1 / 10;
/**
 * A row's bits of common bigrams: COMMON_WORDS BIGINTs of COMMON_BITS each (the sign bit left
 * alone), for the commonest bigrams beyond NARROWS. At 1.2M generated reports 282 bigrams are in
 * more than a tenth of the rows; 63 bits left terms like 本机关 (23% of the rows) to a read of all.
 */
export const COMMON_WORDS = 4;
export const COMMON_BITS = 63;
/** The column of a row's bits for the bigrams of `text_common.word`. */
export const commonColumn = (word: number) => `common${word}`;
/**
 * A row's number: its report's id and its section's place in the template, so that a row keeps
 * its number whatever else is added or removed (a commit rewrites only its reports' rows).
 */
export const ROW_NUMBER = `s.report_id * 8 + list_position(${sqlList(SECTION_KEYS)}, s.section)`;

/**
 * The order of a search's hits: real reports first, the latest year, the agency in Chinese order
 * (report_list.name_order), then the report; a report's sections in the template's order.
 */
export const HIT_ORDER = (t: string) => `${t}.generated, ${t}.year DESC, ${t}.name_order, ${t}.n`;

/**
 * The commonest bigrams get a bit of each row (text_common): those in more than a share of the
 * rows, the first share of these at which they fit in the bits. A bigram is in or out by its own
 * share, whatever the others' (a commit moves a few shares by a row, and membership changes,
 * with every row's bits, only when one crosses a step); bits go by the bigram's number.
 */
export const COMMON_SHARES = [NARROWS, 0.15, 0.2, 0.3, 0.5, 1];

/** A text's bigrams, packed as the index packs them (ROW_GRAMS over CODE_POINTS), once each. */
function bigrams(text: string): Set<number> {
	const cps = [...text].map((ch) => ch.codePointAt(0)! & 0xffff);
	return new Set(cps.slice(1).map((next, i) => cps[i] * 65536 + next));
}

/**
 * The bigrams every row holding a term holds, whichever of its spellings the row has (the term
 * as written, upper and lower case: APP, app): those all the spellings share.
 */
export function termGrams(spellings: string[]): number[] {
	const [first, ...others] = spellings.map(bigrams);
	return first ? [...first].filter((g) => others.every((o) => o.has(g))) : [];
}
