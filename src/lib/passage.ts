/**
 * A text search hit as the page shows it: the passage of its paragraph around the match, every
 * match in it marked. The parts are plain strings (the page prints them as text, never as HTML:
 * a report's text is whatever its author wrote).
 */

export interface Passage {
	/** The text goes on before the passage (an ellipsis is shown). */
	more_before: boolean;
	parts: { text: string; match: boolean }[];
	more_after: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The passage of `window` (text around a match, maybe cut from a longer text: cutStart, cutEnd)
 * within the match's paragraph, at most `around` characters on either side of the first match.
 */
export function passage(window: string, term: string, cutStart: boolean, cutEnd: boolean, around = 60): Passage {
	const chars = [...window];
	const matches = (s: string) => s.matchAll(new RegExp(escapeRegExp(term), 'giu'));
	const first = term ? matches(window).next().value : undefined;
	if (!first) return { more_before: cutStart, parts: [{ text: window, match: false }], more_after: cutEnd };
	// Positions in code points (a character outside the BMP is one, as in the database).
	const at = [...window.slice(0, first.index)].length;
	const len = [...first[0]].length;
	const lineStart = chars.lastIndexOf('\n', at) + 1;
	const nextBreak = chars.indexOf('\n', at + len);
	const lineEnd = nextBreak < 0 ? chars.length : nextBreak;
	const from = Math.max(lineStart, at - around);
	const to = Math.min(lineEnd, at + len + around);
	const text = chars.slice(from, to).join('');
	const parts: Passage['parts'] = [];
	let last = 0;
	for (const m of matches(text)) {
		if (m.index > last) parts.push({ text: text.slice(last, m.index), match: false });
		parts.push({ text: m[0], match: true });
		last = m.index + m[0].length;
	}
	if (last < text.length) parts.push({ text: text.slice(last), match: false });
	return {
		more_before: from > lineStart || (from === 0 && cutStart),
		parts,
		more_after: to < lineEnd || (to === chars.length && cutEnd)
	};
}
