/** Numbers for Chinese readers: 千分位, percentages with one decimal, small samples with their n. */
import { SMALL_SAMPLE, type MetricDef } from './report/metrics.js';

const int = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

export function fmtNumber(v: number | null | undefined): string {
	return v === null || v === undefined ? '—' : int.format(v);
}

export function fmtPct(v: number | null | undefined): string {
	return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
}

/** A metric's value as shown: a rate over a small base says so (公开率 66.7%（n=3）). */
export function fmtMetric(def: Pick<MetricDef, 'kind'>, value: number | null | undefined, base?: number | null): string {
	if (def.kind === 'count') return fmtNumber(value);
	const text = fmtPct(value);
	return base !== null && base !== undefined && base < SMALL_SAMPLE && value !== null && value !== undefined ? `${text}（n=${fmtNumber(base)}）` : text;
}

/** What an empty table or list says. */
export const NO_DATA = '暂无数据';
