import { escapeRegExp } from './labels.js';

/**
 * Reading one cell's text as a number. A blank cell is null, never 0; a cell that cannot be
 * read unambiguously is null with the reason, so the caller can warn.
 */

export interface CellValue {
	value: number | null;
	/** Why the value is null although the cell is not blank. */
	problem?: string;
}

/** Full-width digits, signs and separators to ASCII, so that the patterns below stay simple. */
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

export function toHalfWidth(s: string): string {
	if (!FULL_WIDTH.test(s)) return s;
	return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Written for zero in real reports. */
const ZERO_MARKS = new Set(['0', '-', '—', '——', '–', '－', '/', '／', '无', '0件', '〇', '零', '/件']);
const UNIT_WORDS = ['件', '个', '项', '次', '条', '人次', '人', '家', '万元', '元', '%'];
const UNITS = new RegExp(`(${UNIT_WORDS.join('|')})$`);
const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

export function readValue(raw: string | null | undefined, opts: { amount?: boolean } = {}): CellValue {
	if (raw == null) return { value: null };
	const text = toHalfWidth(raw).replace(/[\s\u00a0]+/g, '');
	if (text === '') return { value: null };
	if (ZERO_MARKS.has(text)) return { value: 0 };
	const bare = text.replace(UNITS, '').replace(/，/g, ',');
	if (bare === '') return { value: null, problem: `「${raw.trim()}」不是数字` };
	if (!NUMBER.test(bare)) return { value: null, problem: `「${raw.trim()}」不是数字` };
	const value = Number(bare.replace(/,/g, ''));
	if (!Number.isFinite(value)) return { value: null, problem: `「${raw.trim()}」不是数字` };
	if (!opts.amount && !Number.isInteger(value)) return { value: null, problem: `「${raw.trim()}」不是整数件数` };
	return { value };
}

/**
 * A character no value is written with (spaces, full-width forms, what NUMBER, the units and the
 * zero marks are made of): a label has one, so most labels are told from values without the
 * passes below.
 */
const NOT_OF_A_VALUE = new RegExp(`[^\\s\\d,，.+\\-\\uff01-\\uff5e${[...new Set([...UNIT_WORDS, ...ZERO_MARKS].join(''))].map(escapeRegExp).join('')}]`);

/**
 * Whether a cell's text has the form of a value (number, zero mark, blank) rather than a label.
 * Used to tell a row's label cells from its value cells.
 */
export function looksLikeValue(raw: string): boolean {
	if (NOT_OF_A_VALUE.test(raw)) return false;
	const text = toHalfWidth(raw).replace(/[\s\u00a0]+/g, '');
	if (text === '') return true;
	if (ZERO_MARKS.has(text)) return true;
	return NUMBER.test(text.replace(UNITS, '').replace(/，/g, ','));
}
