/**
 * Each chart's stable name, its title, and the name of its exported files, in one place: the
 * pages, the export buttons and the /charts/<name>.<ext> endpoint all take them from here.
 */
export const CHART_TITLES = {
	'overview-trend': () => '历年申请量与公开率',
	'overview-outcomes': () => '办理结果构成',
	'overview-findings': () => '发现的问题（按规则）',
	'compare-ranking': (metric: string) => `各单位${metric}`,
	'compare-shares': () => '办理结果构成（申请量前20的单位）',
	'compare-scatter': () => '申请量与公开率',
	'compare-heatmap': (metric: string) => `${metric}：单位 × 年度`,
	'anomalies-by-rule': () => '发现的问题（按规则）',
	'compare-quality': () => '各单位年报质量评分'
} as const;
export type ChartName = keyof typeof CHART_TITLES;

export function chartTitle(name: ChartName, metric = ''): string {
	return CHART_TITLES[name](metric);
}

/** 2024年 · 示例省/示例市（乡镇（街道）） */
export function filtersLine(s: { year: number; region: string; levelLabel?: string }): string {
	return `${s.year}年 · ${s.region}${s.levelLabel ? `（${s.levelLabel}）` : ''}`;
}

/** 2024年-示例市-各单位公开率 */
export function chartFilename(s: { year: number; region: string }, title: string): string {
	return `${s.year}年-${s.region.split('/').pop()}-${title}`.replace(/[\\/:*?"<>|]/g, '_');
}
