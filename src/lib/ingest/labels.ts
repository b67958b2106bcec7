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

/** Labels recur in every report of a template: each short spelling is normalized once (bounded). */
const normalized = new Map<string, string>();

/** squash, then strip leading numbering such as 三、 / 3、 / （三） / 1. (repeatedly). */
export function normalizeLabel(s: string): string {
	if (s.length > 64) return normalizeOnce(s);
	let t = normalized.get(s);
	if (t === undefined) {
		if (normalized.size >= 10_000) normalized.clear();
		normalized.set(s, (t = normalizeOnce(s)));
	}
	return t;
}

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
