/**
 * Chart options built from query rows: each builder returns the ECharts option and the table of
 * exactly the data drawn (for the text alternative and the CSV export). Pure functions, so the
 * server can render the same charts as images.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { TableData } from './export.js';
import { OUTCOME_GROUPS, OUTCOME_GROUP_LABELS, type OutcomeGroup } from '../report/template.js';
import { fmtMetric, fmtNumber } from '../format.js';
import { SMALL_SAMPLE, type MetricDef } from '../report/metrics.js';
import { escapeHtml } from '../escape.js';

export interface Built {
	option: EChartsCoreOption;
	table: TableData;
}

const COLORS = ['#1f6feb', '#2da44e', '#d4a72c', '#cf222e', '#8250df', '#57606a', '#bf3989', '#0a7ea4'];
const FONT = { fontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" };
const base = { color: COLORS, textStyle: FONT, tooltip: { trigger: 'axis' as const, confine: true } };

function pct(v: number | null): number | null {
	return v === null ? null : Math.round(v * 1000) / 10;
}

/** Agencies ranked by a metric; the peers' median drawn as a line; a bar leads to its agency. */
/** 质量评分 as a ranking (the ranking chart itself, on a score out of 100). */
export const QUALITY_METRIC: MetricDef = {
	key: 'quality_score',
	label: '质量评分',
	kind: 'count',
	numerator: [],
	description: '满分100：完整性、准确性、一致性、原创性、及时性'
};

export function qualityBar(rows: { agency_id: number; name: string; score: { total: number } }[]): Built {
	return rankingBar(
		rows.map((r) => ({ agency_id: r.agency_id, name: r.name, value: r.score.total, denominator: null })),
		QUALITY_METRIC
	);
}

export function rankingBar(
	rows: { agency_id: number; name: string; value: number | null; denominator: number | null }[],
	def: MetricDef,
	peersMedian?: number | null
): Built {
	const shown = rows.filter((r) => r.value !== null);
	const values = shown.map((r) => (def.kind === 'rate' ? pct(r.value)! : r.value!));
	const sorted = [...values].sort((a, b) => a - b);
	// The median of all peers, when the bars show only the top of a long list.
	const median =
		peersMedian !== undefined
			? peersMedian === null
				? null
				: def.kind === 'rate'
					? pct(peersMedian)
					: peersMedian
			: sorted.length
				? sorted[sorted.length >> 1]
				: null;
	return {
		option: {
			...base,
			grid: { left: 16, right: 24, top: 24, bottom: 8, containLabel: true },
			xAxis: { type: 'value', axisLabel: { formatter: def.kind === 'rate' ? '{value}%' : '{value}' } },
			yAxis: { type: 'category', inverse: true, data: shown.map((r) => r.name), axisLabel: { width: 220, overflow: 'truncate' } },
			series: [
				{
					type: 'bar',
					cursor: 'pointer',
					// A rate over a small sample is drawn pale: it says little.
					data: shown.map((r, i) => ({
						value: values[i],
						agency_id: r.agency_id,
						name: r.name,
						...(def.kind === 'rate' && r.denominator !== null && r.denominator < SMALL_SAMPLE ? { itemStyle: { color: '#b6c8e6' } } : {})
					})),
					markLine:
						median === null
							? undefined
							: { symbol: 'none', label: { formatter: `同级中位数 ${def.kind === 'rate' ? median + '%' : fmtNumber(median)}` }, data: [{ xAxis: median }] }
				}
			]
		},
		table: {
			columns: ['单位', def.label, ...(def.kind === 'rate' ? ['基数'] : [])],
			rows: shown.map((r) => [r.name, fmtMetric(def, r.value, r.denominator), ...(def.kind === 'rate' ? [r.denominator] : [])])
		}
	};
}

/** Figures over the years (counts on the left axis, rates on the right); a point leads to its year. */
export function trendLines(trend: Record<string, number | null>[], defs: MetricDef[]): Built {
	const years = trend.map((t) => String(t.year));
	const hasRate = defs.some((d) => d.kind === 'rate');
	return {
		option: {
			...base,
			legend: { top: 0 },
			grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
			xAxis: { type: 'category', data: years },
			yAxis: [{ type: 'value', name: '件' }, ...(hasRate ? [{ type: 'value', name: '%', max: 100 }] : [])],
			series: defs.map((d) => ({
				type: 'line',
				name: d.label,
				yAxisIndex: d.kind === 'rate' ? 1 : 0,
				cursor: 'pointer',
				data: trend.map((t) => ({ value: d.kind === 'rate' ? pct(t[d.key] ?? null) : t[d.key], year: t.year }))
			}))
		},
		table: {
			columns: ['年度', ...defs.map((d) => d.label)],
			rows: trend.map((t) => [t.year, ...defs.map((d) => fmtMetric(d, t[d.key] ?? null, t[`${d.key}__n`] ?? null))])
		}
	};
}

/** The outcome groups of all applications handled, as one horizontal bar each. */
export function outcomeBars(rows: { group: OutcomeGroup; value: number }[]): Built {
	const total = rows.reduce((a, r) => a + r.value, 0);
	return {
		option: {
			...base,
			tooltip: { trigger: 'item' },
			grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
			xAxis: { type: 'value' },
			yAxis: { type: 'category', inverse: true, data: rows.map((r) => OUTCOME_GROUP_LABELS[r.group]) },
			series: [{ type: 'bar', data: rows.map((r, i) => ({ value: r.value, itemStyle: { color: COLORS[i] } })), label: { show: true, position: 'right' } }]
		},
		table: {
			columns: ['办理结果', '件数', '占比'],
			rows: rows.map((r) => [OUTCOME_GROUP_LABELS[r.group], r.value, total ? `${((r.value / total) * 100).toFixed(1)}%` : '—'])
		}
	};
}

/** Outcome composition per agency, each bar 100%. */
export function outcomeShares(rows: { agency_id: number; name: string; groups: Record<string, number> }[]): Built {
	const totals = rows.map((r) => Object.values(r.groups).reduce((a, b) => a + b, 0));
	return {
		option: {
			...base,
			legend: { top: 0 },
			grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
			xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
			yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { width: 200, overflow: 'truncate' } },
			series: OUTCOME_GROUPS.map((g) => ({
				type: 'bar',
				name: OUTCOME_GROUP_LABELS[g],
				stack: 'share',
				cursor: 'pointer',
				data: rows.map((r, i) => ({ value: totals[i] ? Math.round((r.groups[g] / totals[i]) * 1000) / 10 : 0, agency_id: r.agency_id }))
			}))
		},
		table: {
			columns: ['单位', ...OUTCOME_GROUPS.map((g) => OUTCOME_GROUP_LABELS[g]), '合计'],
			rows: rows.map((r, i) => [r.name, ...OUTCOME_GROUPS.map((g) => r.groups[g]), totals[i]])
		}
	};
}

/** Agencies × years for one metric. */
export function heatmap(rows: { agency_id: number; name: string; year: number; value: number | null }[], def: MetricDef): Built {
	const names = [...new Set(rows.map((r) => r.name))];
	const years = [...new Set(rows.map((r) => r.year))].sort();
	const v = (x: number | null) => (x === null ? null : def.kind === 'rate' ? pct(x) : x);
	const values = rows.map((r) => v(r.value)).filter((x): x is number => x !== null);
	return {
		option: {
			...base,
			tooltip: { trigger: 'item' },
			grid: { left: 8, right: 8, top: 8, bottom: 48, containLabel: true },
			xAxis: { type: 'category', data: years.map(String) },
			yAxis: { type: 'category', data: names, axisLabel: { width: 200, overflow: 'truncate' } },
			visualMap: { min: Math.min(0, ...values), max: Math.max(1, ...values), orient: 'horizontal', left: 'center', bottom: 0, calculable: true },
			series: [
				{
					type: 'heatmap',
					cursor: 'pointer',
					data: rows.map((r) => ({ value: [years.indexOf(r.year), names.indexOf(r.name), v(r.value)], agency_id: r.agency_id }))
				}
			]
		},
		table: {
			columns: ['单位', ...years.map(String)],
			rows: names.map((n) => [n, ...years.map((y) => fmtMetric(def, rows.find((r) => r.name === n && r.year === y)?.value ?? null))])
		}
	};
}

/** Volume against 公开率, one point an agency. */
export function volumeScatter(rows: { agency_id: number; name: string; received: number | null; rate: number | null; base: number | null }[]): Built {
	const shown = rows.filter((r) => r.received !== null && r.rate !== null);
	return {
		option: {
			...base,
			tooltip: {
				trigger: 'item',
				formatter: (p: { data: { name: string; value: number[] } }) =>
					`${escapeHtml(p.data.name)}<br/>新收申请 ${p.data.value[0]} 件，公开率 ${p.data.value[1]}%`
			},
			grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
			xAxis: { type: 'log', name: '本年新收申请（件，对数）', min: 1 },
			yAxis: { type: 'value', name: '公开率 %', max: 100 },
			series: [
				{
					type: 'scatter',
					cursor: 'pointer',
					data: shown.map((r) => ({ value: [Math.max(1, r.received!), pct(r.rate)], name: r.name, agency_id: r.agency_id }))
				}
			]
		},
		table: {
			columns: ['单位', '本年新收申请', '公开率', '基数'],
			rows: shown.map((r) => [r.name, r.received, fmtMetric({ kind: 'rate' }, r.rate, r.base), r.base])
		}
	};
}

/** Findings counted by rule, a bar per rule, coloured by severity; a bar leads to the list. */
export function rulesBar(rows: { rule: string; title: string; errors: number; warnings: number; infos: number }[]): Built {
	const sev = [
		['errors', '错误', '#cf222e'],
		['warnings', '警告', '#d4a72c'],
		['infos', '提示', '#57606a']
	] as const;
	return {
		option: {
			...base,
			legend: { top: 0 },
			grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
			xAxis: { type: 'value' },
			yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.title), axisLabel: { width: 240, overflow: 'truncate' } },
			series: sev.map(([k, label, color]) => ({
				type: 'bar',
				name: label,
				stack: 'n',
				cursor: 'pointer',
				itemStyle: { color },
				data: rows.map((r) => ({ value: r[k], rule: r.rule }))
			}))
		},
		table: { columns: ['规则', '错误', '警告', '提示'], rows: rows.map((r) => [r.title, r.errors, r.warnings, r.infos]) }
	};
}

export interface ExportLabels {
	title: string;
	/** The filters the chart shows, e.g. 2024年 · 示例省/示例市. */
	subtitle: string;
	/** The data source line; says so when the data are generated. */
	source: string;
}

/** The data source line printed under every exported chart. */
export function sourceLine(generated: boolean): string {
	return generated ? '数据来源：nianbao 生成的示例数据（虚构，仅供演示）' : '数据来源：各单位政府信息公开工作年度报告（nianbao 汇总）';
}

/**
 * A chart as it is exported for print: its title, the filters it shows and the data source
 * drawn in the image, white background, no animation; the plot moved down to make room.
 */
export function exportOption(option: EChartsCoreOption, labels: ExportLabels): EChartsCoreOption {
	// A shallow copy: only top-level parts change, and options may hold functions (formatters).
	const o = { ...option } as Record<string, unknown>;
	const shift = (v: unknown, by: number) => (typeof v === 'number' ? v + by : by);
	const grids = Array.isArray(o.grid) ? o.grid : [o.grid ?? {}];
	// Room above for the title and filters, below for the source line (and a heatmap's scale).
	const below = o.visualMap ? 64 : 28;
	o.grid = grids.map((g) => ({ ...(g as object), top: shift((g as { top?: unknown }).top, 64), bottom: shift((g as { bottom?: unknown }).bottom, below) }));
	if (o.legend) o.legend = { ...(o.legend as object), top: 58 };
	if (o.visualMap) o.visualMap = { ...(o.visualMap as object), bottom: 26 };
	o.title = [
		{
			text: labels.title,
			subtext: labels.subtitle,
			left: 'center',
			top: 6,
			textStyle: { fontSize: 16, fontWeight: 'bold', ...FONT },
			subtextStyle: { fontSize: 12, color: '#57606a', ...FONT }
		},
		{ text: labels.source, left: 'center', bottom: 4, textStyle: { fontSize: 11, fontWeight: 'normal', color: '#57606a', ...FONT } }
	];
	o.backgroundColor = '#ffffff';
	o.animation = false;
	return o as EChartsCoreOption;
}

/** rulesBar from counts by rule and severity (as the findings queries give them). */
export function rulesBarFromCounts(counts: { rule: string; severity: string; n: number }[], titleOf: (rule: string) => string): Built {
	const n = (rule: string, sev: string) => counts.find((r) => r.rule === rule && r.severity === sev)?.n ?? 0;
	return rulesBar(
		[...new Set(counts.map((r) => r.rule))].map((rule) => ({
			rule,
			title: titleOf(rule),
			errors: n(rule, 'error'),
			warnings: n(rule, 'warning'),
			infos: n(rule, 'info')
		}))
	);
}
