/**
 * The six sections, found by their headings: a numbered line (一、 / 1、 / 3、) whose words are
 * a section's heading. Headings are accepted in the template's order only, so a sub-heading
 * such as （二）主动公开 inside 总体情况 never starts a section. Paragraphs printed inside a
 * table (a merged label between two rows) belong to the table, not to the section's text.
 */
import { SECTIONS, SECTION_KEYS, type SectionKey } from '../../report/template.js';
import { normalizeLabel, squash } from '../labels.js';
import type { Item } from './rows.js';

const TOP_NUMBERING = /^(?:[一二三四五六七八九十]+|\d{1,2})[、.．](?!\d)/;

/** The section a paragraph is the heading of, or null. */
export function headingOf(text: string): SectionKey | null {
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
	const sections = Object.fromEntries(
		SECTION_KEYS.map((k, i) => [k, headings[k] === undefined ? null : texts[i].join('\n')])
	) as Record<SectionKey, string | null>;
	return { sections, headings };
}
