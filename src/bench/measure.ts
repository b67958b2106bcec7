/** Timing helpers for `npm run bench`: figures as per-item costs and rates, never pass/fail. */
import { performance } from 'node:perf_hooks';

export interface Timing {
	n: number;
	totalMs: number;
	perItemMs: number;
	perSecond: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
}

export function quantile(sorted: number[], q: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Runs `f` on each input `rounds` times after `warmupCalls` calls, and reports the per-call
 * costs. The warm-up lets the JIT settle, so the figure is the cost in a batch of thousands,
 * not that of the first reports of a cold process.
 */
export async function time<T>(inputs: T[], f: (x: T) => unknown, rounds = 1, warmupCalls = 200): Promise<Timing> {
	for (let k = 0; k < warmupCalls; k++) await f(inputs[k % inputs.length]);
	const each: number[] = [];
	const t0 = performance.now();
	for (let r = 0; r < rounds; r++) {
		for (const x of inputs) {
			const s = performance.now();
			await f(x);
			each.push(performance.now() - s);
		}
	}
	const totalMs = performance.now() - t0;
	each.sort((a, b) => a - b);
	return {
		n: each.length,
		totalMs,
		perItemMs: totalMs / each.length,
		perSecond: (each.length / totalMs) * 1000,
		p50Ms: quantile(each, 0.5),
		p95Ms: quantile(each, 0.95),
		p99Ms: quantile(each, 0.99)
	};
}

export function row(label: string, t: Timing, target?: { perSecond?: number; p99Ms?: number }): string {
	const verdict = target?.perSecond
		? ` (target ≥ ${target.perSecond}/s: ${t.perSecond >= target.perSecond ? 'met' : 'NOT met'}, ${(t.perSecond / target.perSecond).toFixed(1)}×)`
		: target?.p99Ms
			? ` (target p99 ≤ ${target.p99Ms} ms: ${t.p99Ms <= target.p99Ms ? 'met' : 'NOT met'})`
			: '';
	return `${label.padEnd(44)} ${t.perItemMs.toFixed(3).padStart(8)} ms/report  ${t.perSecond.toFixed(0).padStart(6)} reports/s  p99 ${t.p99Ms.toFixed(2)} ms  n=${t.n}${verdict}`;
}
