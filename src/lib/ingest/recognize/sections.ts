/**
 * The six sections, found by their headings: a numbered line (一、 / 1、 / 3、) whose words are
 * a section's heading. Headings are accepted in the template's order only, so a sub-heading
 * such as （二）主动公开 inside 总体情况 never starts a section. Paragraphs printed inside a
 * table (a merged label between two rows) belong to the table, not to the section's text.
 */
import { SECTIONS, SECTION_KEYS, type SectionKey } from '../../report/template.js';
import { escapeRegExp, normalizeLabel, squash } from '../labels.js';
import type { Item } from './rows.js';

const TOP_NUMBERING = /^(?:[一二三四五六七八九十]+|\d{1,2})[、.．](?!\d)/;

/** The section a paragraph is the heading of, or null. */
export function headingOf(text: string): SectionKey | null {
	// A heading is short: a long paragraph is not squashed just to be measured.
	if (text.length > 80) return null;
	const squashed = squash(text);
	if (squashed.length > 40) return null;
	const numbered = TOP_NUMBERING.test(squashed);
	const words = normalizeLabel(text);
	for (const s of SECTIONS) {
		for (const v of s.variants) {
			if (!words.startsWith(v)) continue;
			if (numbered ? words.length - v.length <= 6 : words === v) return s.key;
		}
	}
	return null;
}

export interface SectionSplit {
	sections: Record<SectionKey, string | null>;
	/** Index in items of each section's heading. */
	headings: Partial<Record<SectionKey, number>>;
}

export function splitSections(items: Item[], insideTables: (i: number) => boolean): SectionSplit {
	const headings: Partial<Record<SectionKey, number>> = {};
	let current = -1;
	const texts: string[][] = SECTION_KEYS.map(() => []);
	items.forEach((it, i) => {
		if (it.kind !== 'paragraph') return;
		const h = headingOf(it.text);
		if (h && SECTION_KEYS.indexOf(h) > current) {
			current = SECTION_KEYS.indexOf(h);
			headings[h] = i;
			return;
		}
		if (current >= 0 && !insideTables(i)) texts[current].push(it.text);
	});
	const sections = Object.fromEntries(SECTION_KEYS.map((k, i) => [k, headings[k] === undefined ? null : texts[i].join('\n')])) as Record<
		SectionKey,
		string | null
	>;
	return { sections, headings };
}

/** Page chrome that archived pages leave after the article. */
const TRAILING_CHROME = /\s*(?:附件下载|打印本页|关闭窗口|【打印】|【关闭】|扫一扫在手机打开当前页).*$/s;

/**
 * Sections of text whose lines ran together: headings are found inside the text, numbered
 * (一、 / 1、) and in the template's order. Table text is cut out of the sections it stands in.
 */
export function splitInlineSections(text: string, tableSpan: [number, number] | null): SectionSplit {
	const found: { key: SectionKey; start: number; end: number }[] = [];
	let from = 0;
	for (const s of SECTIONS) {
		let best: { start: number; end: number } | null = null;
		for (const v of s.variants) {
			const body = [...v].map(escapeRegExp).join('[\\s、，,“”"]*');
			const re = new RegExp(`(?:[一二三四五六七八九十]|\\d{1,2})[、.．]\\s*${body}`, 'g');
			re.lastIndex = from;
			const m = re.exec(text);
			if (m && (!best || m.index < best.start)) best = { start: m.index, end: m.index + m[0].length };
		}
		if (best) {
			found.push({ key: s.key, ...best });
			from = best.end;
		}
	}
	const sections = Object.fromEntries(SECTION_KEYS.map((k) => [k, null])) as Record<SectionKey, string | null>;
	const headings: Partial<Record<SectionKey, number>> = {};
	found.forEach((h, i) => {
		const end = i + 1 < found.length ? found[i + 1].start : text.length;
		const start = h.end;
		if (tableSpan && tableSpan[0] < end && tableSpan[1] > start) {
			// The tables stand here: keep the words before them, and any after them.
			const before = text.slice(start, Math.max(start, tableSpan[0]));
			const after = text.slice(Math.min(end, tableSpan[1]), end);
			sections[h.key] = (before + '\n' + after).trim();
		} else sections[h.key] = text.slice(start, end).trim();
		if (i === found.length - 1) sections[h.key] = (sections[h.key] ?? '').replace(TRAILING_CHROME, '').trim();
		headings[h.key] = h.start;
	});
	return { sections, headings };
}
