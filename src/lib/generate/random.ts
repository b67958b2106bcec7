/** A seeded random source (mulberry32): the same seed gives the same corpus, byte for byte. */
export class Random {
	private s: number;
	constructor(seed: number | string) {
		let h = 2166136261;
		for (const ch of String(seed)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
		this.s = h >>> 0;
	}
	next(): number {
		let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(lo: number, hi: number): number {
		return lo + Math.floor(this.next() * (hi - lo + 1));
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(xs: readonly T[]): T {
		return xs[Math.floor(this.next() * xs.length)];
	}
	normal(): number {
		const u = 1 - this.next();
		const v = this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}
	/** Log-normal around a median: the heavy tail of application volumes. */
	lognormal(median: number, sigma: number): number {
		return median * Math.exp(sigma * this.normal());
	}
	/** Splits n into parts by weights (a multinomial draw). */
	split(n: number, weights: readonly number[]): number[] {
		const total = weights.reduce((a, b) => a + b, 0);
		const out = weights.map(() => 0);
		for (let i = 0; i < n; i++) {
			let r = this.next() * total;
			let k = 0;
			while (r >= weights[k] && k < weights.length - 1) r -= weights[k++];
			out[k]++;
		}
		return out;
	}
	/** A random stream of its own, so that one part of the corpus does not shift another. */
	fork(label: string): Random {
		return new Random(`${this.s}:${label}`);
	}
}
