/**
 * Label normalization: the spellings of one label in real reports differ in whitespace (a PDF
 * or Word cell breaks 自然人 over three lines), quotes, bracket width and numbering. Template
 * variants are written normalized; a source label is normalized before it is compared.
 */

/** Numbering at the start of a squashed label (squash has made every bracket full-width). */
const NUMBERING = /^(?:（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d)|第[一二三四五六七八九十]+[部分章节]?[、.．:：]?)/;

const SQUASH = /[\s\u00a0\u200b\ufeff"'“”‘’「」『』()\uff01-\uff5e]/g;

/** Removes whitespace and quotes, makes full-width ASCII half-width and brackets full-width. One pass. */
export function squash(s: string): string {
	return s.replace(SQUASH, (c) => {
		const code = c.charCodeAt(0);
		if (code >= 0xff01 && code <= 0xff5e) {
			if (c === '（' || c === '）' || c === '，') return c;
			const h = String.fromCharCode(code - 0xfee0);
			return h === '"' || h === "'" ? '' : h;
		}
		if (c === '(') return '（';
		if (c === ')') return '）';
		return '';
	});
}

/**
 * `f` with its results remembered for short keys: labels recur in every report of a template,
 * so each spelling is worked out once. Bounded whatever the input (cleared when full).
 */
export function remembered<T>(f: (key: string) => T): (key: string) => T {
	const known = new Map<string, T>();
	return (key) => {
		if (key.length > 64) return f(key);
		if (known.has(key)) return known.get(key)!;
		if (known.size >= 10_000) known.clear();
		const v = f(key);
		known.set(key, v);
		return v;
	};
}

/** A text matched literally inside a pattern. */
export function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** squash, then strip leading numbering such as 三、 / 3、 / （三） / 1. (repeatedly). */
export const normalizeLabel = remembered(normalizeOnce);

function normalizeOnce(s: string): string {
	let t = squash(s);
	for (let i = 0; i < 4; i++) {
		const m = NUMBERING.exec(t);
		if (!m) break;
		t = t.slice(m[0].length);
	}
	return t.replace(/[、，。：:；;]/g, '');
}

/** Whether a normalized label matches a definition's variants (contained) or exact words. */
export function matchesLabel(label: string, def: { variants: readonly string[]; exact?: readonly string[] }): boolean {
	if (def.exact?.includes(label)) return true;
	return def.variants.some((v) => label.includes(v));
}
