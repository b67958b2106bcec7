/**
 * 内容雷同: a report's words nearly the same as another agency's of the same year, or as its
 * own of last year. Character shingles, MinHash signatures and LSH bands find the candidate
 * pairs without comparing all pairs; 140,000 reports take seconds, not hours.
 */

const SHINGLE = 5;
const HASHES = 64;
/**
 * 8 bands of 8 rows: a pair 0.9 alike shares a band with probability 0.99, a pair 0.6 alike (the
 * boilerplate every report has) with 0.13, so candidates stay few at 140,000 reports.
 */
const BANDS = 8;
const ROWS = HASHES / BANDS;
/** A bucket this full is boilerplate shared by everyone, not a copy. */
export const MAX_BUCKET = 50;

/** Seeds of the hash functions: fixed, so signatures are the same run to run. */
const SEEDS = Array.from({ length: HASHES }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) ^ 0x85ebca6b) >>> 0);

function fnv(s: string, from: number, len: number): number {
	let h = 2166136261;
	for (let i = from; i < from + len; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
	return h >>> 0;
}

function mix(h: number, seed: number): number {
	let x = (h ^ seed) >>> 0;
	x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
	x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
	return (x ^ (x >>> 16)) >>> 0;
}

/** Text reduced to what a copy keeps: no spaces, punctuation or digits (years and counts change). */
export function normalizeText(text: string): string {
	return text.replace(/[\s\d０-９，。；：、！？“”‘’（）()《》【】,.;:!?"'\-—·]/g, '');
}

export function signature(text: string): Uint32Array | null {
	const t = normalizeText(text);
	if (t.length < SHINGLE * 8) return null; // too short to call a copy
	const sig = new Uint32Array(HASHES).fill(0xffffffff);
	for (let i = 0; i + SHINGLE <= t.length; i++) {
		const h = fnv(t, i, SHINGLE);
		for (let k = 0; k < HASHES; k++) {
			const v = mix(h, SEEDS[k]);
			if (v < sig[k]) sig[k] = v;
		}
	}
	return sig;
}

export function estimate(a: Uint32Array, b: Uint32Array): number {
	let same = 0;
	for (let k = 0; k < HASHES; k++) if (a[k] === b[k]) same++;
	return same / HASHES;
}

/**
 * The keys of a signature's bands: two reports sharing a key agree on that band's rows (up to
 * a 53-bit hash collision, which only adds a candidate that the estimate then drops).
 */
export function bandKeys(sig: Uint32Array): bigint[] {
	const keys: bigint[] = [];
	for (let b = 0; b < BANDS; b++) {
		let h1 = 2166136261;
		let h2 = 0x811c9dc5 ^ b;
		for (let k = b * ROWS; k < (b + 1) * ROWS; k++) {
			h1 = Math.imul(h1 ^ sig[k], 16777619);
			h2 = mix(h2 ^ sig[k], 0x27d4eb2f);
		}
		keys.push((BigInt(h1 >>> 0) << 21n) | BigInt(h2 & 0x1fffff));
	}
	return keys;
}

/** The longest passage two texts share (after normalization), for the finding's message. */
export function sharedPassage(a: string, b: string, max = 40): string {
	const x = normalizeText(a);
	const y = normalizeText(b);
	let best = '';
	// Grow windows from x's shingles found in y: good enough for a quote, linear-ish in practice.
	for (let i = 0; i + SHINGLE <= x.length && best.length < max; i++) {
		let len = SHINGLE;
		if (!y.includes(x.slice(i, i + len))) continue;
		while (i + len < x.length && y.includes(x.slice(i, i + len + 1))) len++;
		if (len > best.length) best = x.slice(i, i + len);
	}
	return best.length > max ? best.slice(0, max) + '…' : best;
}
