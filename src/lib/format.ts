/** Numbers for Chinese readers: 千分位, percentages with one decimal, small samples with their n. */
import { SMALL_SAMPLE, type MetricDef } from './report/metrics.js';
import { chinaClock } from './report/china-time.js';

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

/** The zone every time is shown in, said once on each page (the layout's footer). */
export const TIME_ZONE_NOTE = '页面中的时间均为北京时间';

/**
 * A moment as the workbench keeps it (UTC, 'YYYY-MM-DD HH:MM:SS[.ffffff]') or a Date, shown in
 * Beijing time to the minute: 2026-12-07 21:59. Text it cannot read is shown as it is.
 */
export function beijingTime(at: string | Date | null | undefined): string {
	if (at === null || at === undefined || at === '') return '';
	const d =
		at instanceof Date
			? at
			: new Date(
					`${at
						.trim()
						.replace(' ', 'T')
						.replace(/(\.\d{3})\d*$/, '$1')}${/[zZ]|[+-]\d\d:?\d\d$/.test(at) ? '' : 'Z'}`
				);
	if (Number.isNaN(d.getTime())) return String(at);
	return chinaClock(d).slice(0, 16).replace('T', ' ');
}
