/**
 * Agencies found by pinyin: `huaian` → 淮安…, `hzq` → 洪泽区. The readings come from pinyin-pro
 * (maintained, no dependencies, reads words in context: 重庆 chongqing, 长沙 changsha) and are
 * computed once, when the agencies are written, into the `agencies` table's `pinyin` and
 * `initials` columns; a search only compares strings.
 */
import { pinyin } from 'pinyin-pro';

/** Between the readings of a name and of its aliases: never typed in a query, so no match spans two names. */
const SEPARATOR = '|';

/** The syllables of a name (ü written v, as typed): latin letters and digits kept lowercased, other signs dropped. */
function syllables(name: string): string[] {
	const parts = pinyin(name, { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' });
	return parts.map((p) => p.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
}

/** The full readings (`huaianshirenminzhengfu`) and the initials (`hasrmzf`) of a name and its aliases. */
export function pinyinKeys(names: string[]): { pinyin: string; initials: string } {
	const each = names.map(syllables);
	return {
		pinyin: each.map((s) => s.join('')).join(SEPARATOR),
		initials: each.map((s) => s.map((x) => (/^[0-9]/.test(x) ? x : x[0])).join('')).join(SEPARATOR)
	};
}

/**
 * A query that is pinyin: latin letters only, once spaces and apostrophes (xi'an) are taken out;
 * lowercased. Null for any other query (Chinese, digits), which is matched as written.
 */
export function pinyinQuery(q: string): string | null {
	const term = q.replace(/[\s'’]/g, '').toLowerCase();
	return /^[a-z]+$/.test(term) ? term : null;
}
