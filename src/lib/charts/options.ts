/**
 * Chart options built from query rows: each builder returns the ECharts option, the table of
 * exactly the data drawn (for the text alternative and the CSV export), the height its rows need,
 * whether there is anything to draw, and its notes. Pure functions: chart definitions
 * (`defs/`) use them on the page and on the server alike.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { TableData } from './export.js';
import { OUTCOME_GROUPS, OUTCOME_GROUP_LABELS, type OutcomeGroup } from '../report/template.js';
import { fmtMetric, fmtNumber } from '../format.js';
import { SMALL_SAMPLE, type MetricDef } from '../report/metrics.js';
import { chartText, escapeHtml } from '../escape.js';

export interface Built {
	option: EChartsCoreOption;
	/** Exactly the data drawn: the text alternative and the CSV export. */
	table: TableData;
	/** The plot's height in px, sized to what it draws (every row label readable). */
	height: number;
	/** Nothing to draw: the page and every export say 暂无数据 instead of drawing empty axes. */
	empty: boolean;
	/** What a reader must know to read the chart (a ranking cut to its top), under it and in every export. */
	notes: string[];
}

const COLORS = ['#1f6feb', '#2da44e', '#d4a72c', '#cf222e', '#8250df', '#57606a', '#bf3989', '#0a7ea4'];
const FONT = { fontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" };
const base = { color: COLORS, textStyle: FONT, tooltip: { trigger: 'axis' as const, confine: true } };
/** A label drawn over bars and lines: dark text in a white halo. */
const HALO = { color: '#24292f', textBorderColor: '#ffffff', textBorderWidth: 3 };

/** Px per category row: a 12 px label each, none skipped (`interval: 0`). */
const ROW = 20;
/** Category axes label every row; rows are given the height they need instead. */
const EVERY_ROW = { interval: 0 } as const;
const rowsHeight = (rows: number, chrome: number, min = 240) => Math.max(min, rows * ROW + chrome);

/** The most bars a ranking draws; the rest are counted in its note. */
export const RANKING_LIMIT = 50;

export const NO_DATA = '暂无数据';
const NO_DATA_HEIGHT = 160;

/** A chart with nothing to draw: 暂无数据 where the axes would be, no rows. */
function noData(columns: string[]): Built {
	return {
		option: {
			...base,
			title: { text: NO_DATA, left: 'center', top: 'middle', textStyle: { fontSize: 14, fontWeight: 'normal', color: '#57606a', ...FONT } }
		},
		table: { columns, rows: [] },
		height: NO_DATA_HEIGHT,
		empty: true,
		notes: []
	};
}

/** The middle value (the mean of the two middle ones for an even count), as DuckDB's median; null for none. */
export function median(values: number[]): number | null {
	const s = [...values].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length === 0 ? null : s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function pct(v: number | null): number | null {
	return v === null ? null : Math.round(v * 1000) / 10;
}

/** 质量评分 as a ranking (the ranking chart itself, on a score out of 100). */
export const QUALITY_METRIC: MetricDef = {
	key: 'quality_score',
	label: '质量评分',
	kind: 'count',
	numerator: [],
	description: '满分100：完整性、准确性、一致性、原创性、及时性'
};

/** Every report ranked by its score: the top RANKING_LIMIT drawn, the median of all marked. */
export function qualityBar(rows: { agency_id: number; name: string; score: { total: number } }[]): Built {
	return rankingBar(
		rows.slice(0, RANKING_LIMIT).map((r) => ({ agency_id: r.agency_id, name: r.name, value: r.score.total, denominator: null })),
		QUALITY_METRIC,
		{ median: median(rows.map((r) => r.score.total)), total: rows.length }
	);
}

/**
 * Agencies ranked by a metric; a bar leads to its agency. The peers' median is drawn as a line,
 * labelled above the plot; when the bars are the top of a longer list (`peers.total`), the note
 * says so.
 */
export function rankingBar(
	rows: { agency_id: number; name: string; value: number | null; denominator: number | null }[],
	def: MetricDef,
	peers?: { median: number | null; total: number; mixedLevels?: boolean; missing?: { agency_id: number; name: string }[] }
): Built {
	const shown = rows.filter((r) => r.value !== null);
	const columns = ['单位', def.label, ...(def.kind === 'rate' ? ['基数'] : [])];
	if (!shown.length) return noData(columns);
	// Agencies whose report of the year is missing: no bar, but named (a ranking that leaves them out says nothing of them).
	const missing = peers?.missing ?? [];
	const scale = (v: number) => (def.kind === 'rate' ? pct(v)! : v);
	const values = shown.map((r) => scale(r.value!));
	// The median of all peers, when the bars show only the top of a long list.
	const middle = peers ? (peers.median === null ? null : scale(peers.median)) : median(values);
	// A rate over a small sample is drawn pale: it says little.
	const small = (r: (typeof shown)[number]) => def.kind === 'rate' && r.denominator !== null && r.denominator < SMALL_SAMPLE;
	const notes = [
		...(peers && peers.total > rows.length ? [`图中仅显示前${rows.length}位（共 ${fmtNumber(peers.total)} 个单位）；中位数线为全部单位的中位数。`] : []),
		...(shown.some(small) ? [`浅色：基数不足 ${SMALL_SAMPLE} 件，比例仅供参考，排在后面。`] : []),
		...(peers?.mixedLevels ? ['级别为「全部」：中位数是各级单位合在一起的，选择一个级别可与同级单位比较。'] : []),
		...(missing.length
			? [
					`缺报（未报送本年度报告，不在图中）：${missing
						.slice(0, 10)
						.map((m) => m.name)
						.join('、')}${missing.length > 10 ? `等 ${missing.length} 个单位` : ''}。`
				]
			: [])
	];
	const medianLabel = peers?.mixedLevels ? '全部单位中位数' : '同级中位数';
	const medianText = middle === null ? '' : chartText(`${medianLabel} ${def.kind === 'rate' ? middle + '%' : fmtNumber(middle)}`);
	return {
		option: {
			...base,
			// Room above the plot for the median's label.
			// Room on the right for each bar's value.
			grid: { left: 16, right: 64, top: 28, bottom: 8, containLabel: true },
			xAxis: { type: 'value', axisLabel: { formatter: def.kind === 'rate' ? '{value}%' : '{value}' } },
			yAxis: { type: 'category', inverse: true, data: shown.map((r) => r.name), axisLabel: { ...EVERY_ROW, width: 220, overflow: 'truncate' } },
			series: [
				{
					type: 'bar',
					cursor: 'pointer',
					// Each bar says its value: a bar of 0% is a value, not a missing one.
					label: { show: true, position: 'right', ...FONT, formatter: def.kind === 'rate' ? '{c}%' : '{c}' },
					data: shown.map((r, i) => ({ value: values[i], agency_id: r.agency_id, name: r.name, ...(small(r) ? { itemStyle: { color: '#b6c8e6' } } : {}) })),
					markLine:
						middle === null
							? undefined
							: {
									symbol: 'none',
									// The axis is inverse: the line's start is its top, clear of the value axis below.
									// Its text runs away from the nearer edge: a median near the top of the scale (quality scores near 100) is not cut off.
									label: {
										...HALO,
										position: 'start',
										align: middle > Math.max(...values) / 2 ? 'right' : 'left',
										formatter: () => medianText
									},
									data: [{ xAxis: middle }]
								}
				}
			]
		},
		table: {
			columns,
			rows: [
				...shown.map((r) => [r.name, fmtMetric(def, r.value, r.denominator), ...(def.kind === 'rate' ? [r.denominator] : [])]),
				...missing.map((m) => [m.name, '缺报', ...(def.kind === 'rate' ? [null] : [])])
			]
		},
		height: rowsHeight(shown.length, 64),
		empty: false,
		notes
	};
}

/** Figures over the years (counts on the left axis, rates on the right); a point leads to its year. */
export function trendLines(trend: Record<string, number | null>[], defs: MetricDef[]): Built {
	const columns = ['年度', ...defs.map((d) => d.label)];
	if (!trend.some((t) => defs.some((d) => t[d.key] !== null && t[d.key] !== undefined))) return noData(columns);
	const years = trend.map((t) => String(t.year));
	const hasRate = defs.some((d) => d.kind === 'rate');
	return {
		option: {
			...base,
			legend: { top: 0 },
			grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
			xAxis: { type: 'category', data: years },
			// One set of gridlines: the counts' axis draws them, the rates' axis only its labels.
			yAxis: [{ type: 'value', name: '件' }, ...(hasRate ? [{ type: 'value', name: '%', max: 100, splitLine: { show: false } }] : [])],
			series: defs.map((d) => ({
				type: 'line',
				name: d.label,
				yAxisIndex: d.kind === 'rate' ? 1 : 0,
				cursor: 'pointer',
				data: trend.map((t) => ({ value: d.kind === 'rate' ? pct(t[d.key] ?? null) : t[d.key], year: t.year }))
			}))
		},
		table: { columns, rows: trend.map((t) => [t.year, ...defs.map((d) => fmtMetric(d, t[d.key] ?? null, t[`${d.key}__n`] ?? null))]) },
		height: 320,
		empty: false,
		notes: []
	};
}

/** The outcome groups of all applications handled, as one horizontal bar each. */
export function outcomeBars(rows: { group: OutcomeGroup; value: number }[]): Built {
	const total = rows.reduce((a, r) => a + r.value, 0);
	const columns = ['办理结果', '件数', '占比'];
	if (!total) return noData(columns);
	return {
		option: {
			...base,
			tooltip: { trigger: 'item' },
			grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
			xAxis: { type: 'value' },
			yAxis: { type: 'category', inverse: true, data: rows.map((r) => OUTCOME_GROUP_LABELS[r.group]), axisLabel: EVERY_ROW },
			series: [{ type: 'bar', data: rows.map((r, i) => ({ value: r.value, itemStyle: { color: COLORS[i] } })), label: { show: true, position: 'right' } }]
		},
		table: { columns, rows: rows.map((r) => [OUTCOME_GROUP_LABELS[r.group], r.value, `${((r.value / total) * 100).toFixed(1)}%`]) },
		height: 320,
		empty: false,
		notes: []
	};
}

/** Outcome composition per agency, each bar 100%. */
export function outcomeShares(rows: { agency_id: number; name: string; groups: Record<string, number> }[]): Built {
	const columns = ['单位', ...OUTCOME_GROUPS.map((g) => OUTCOME_GROUP_LABELS[g]), '合计'];
	if (!rows.length) return noData(columns);
	const totals = rows.map((r) => Object.values(r.groups).reduce((a, b) => a + b, 0));
	return {
		option: {
			...base,
			legend: { top: 0 },
			grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
			xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
			yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { ...EVERY_ROW, width: 200, overflow: 'truncate' } },
			series: OUTCOME_GROUPS.map((g) => ({
				type: 'bar',
				name: OUTCOME_GROUP_LABELS[g],
				stack: 'share',
				cursor: 'pointer',
				data: rows.map((r, i) => ({ value: totals[i] ? Math.round((r.groups[g] / totals[i]) * 1000) / 10 : 0, agency_id: r.agency_id }))
			}))
		},
		table: { columns, rows: rows.map((r, i) => [r.name, ...OUTCOME_GROUPS.map((g) => r.groups[g]), totals[i]]) },
		height: rowsHeight(rows.length, 100, 300),
		empty: false,
		notes: []
	};
}

/** Sequential blues (ColorBrewer), pale to dark: one per class of the heatmap. */
const BLUES = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

/**
 * Up to `k` classes of the values holding about as many values each (quantiles): an outlier
 * takes the top class instead of paling every other cell. A class is the closed range of the
 * values in it, and a value never spans two classes, so every value falls in exactly one.
 */
export function quantileClasses(values: number[], k = BLUES.length): { min: number; max: number }[] {
	const sorted = [...values].sort((a, b) => a - b);
	const classes: { min: number; max: number }[] = [];
	for (let i = 1, start = 0; i <= k && start < sorted.length; i++) {
		let end = Math.max(start, Math.ceil((sorted.length * i) / k) - 1);
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]) end++;
		classes.push({ min: sorted[start], max: sorted[end] });
		start = end + 1;
	}
	return classes;
}

/** Agencies × years for one metric, coloured by quantile class, the classes' ranges in the legend. */
export function heatmap(rows: { agency_id: number; name: string; year: number; value: number | null }[], def: MetricDef): Built {
	const names = [...new Set(rows.map((r) => r.name))];
	const years = [...new Set(rows.map((r) => r.year))].sort();
	const columns = ['单位', ...years.map(String)];
	const v = (x: number | null) => (x === null ? null : def.kind === 'rate' ? pct(x) : x);
	const values = rows.map((r) => v(r.value)).filter((x): x is number => x !== null);
	if (!values.length) return noData(columns);
	const classes = quantileClasses(values);
	// Spread over the palette: two classes are pale and dark, not the two palest.
	const color = (i: number) => BLUES[classes.length === 1 ? BLUES.length - 1 : Math.round((i * (BLUES.length - 1)) / (classes.length - 1))];
	const text = (x: number) => (def.kind === 'rate' ? `${x}%` : fmtNumber(x));
	return {
		option: {
			...base,
			tooltip: { trigger: 'item' },
			grid: { left: 8, right: 8, top: 8, bottom: 48, containLabel: true },
			xAxis: { type: 'category', data: years.map(String) },
			yAxis: { type: 'category', inverse: true, data: names, axisLabel: { ...EVERY_ROW, width: 200, overflow: 'truncate' } },
			visualMap: {
				type: 'piecewise',
				// Classes that meet: each from its lowest value up to the next class's (not included), the last to its highest.
				pieces: classes.map((c, i) => {
					const next = classes[i + 1];
					const to = next ? { lt: next.min } : { lte: c.max };
					const top = next ? next.min : c.max;
					return { gte: c.min, ...to, color: color(i), label: c.min === c.max ? text(c.min) : `${text(c.min)}–${text(top)}` };
				}),
				orient: 'horizontal',
				left: 'center',
				bottom: 0,
				textStyle: FONT
			},
			series: [
				{
					type: 'heatmap',
					cursor: 'pointer',
					data: rows.map((r) => ({ value: [years.indexOf(r.year), names.indexOf(r.name), v(r.value)], agency_id: r.agency_id }))
				}
			]
		},
		table: { columns, rows: names.map((n) => [n, ...years.map((y) => fmtMetric(def, rows.find((r) => r.name === n && r.year === y)?.value ?? null))]) },
		height: rowsHeight(names.length, 100, 200),
		empty: false,
		notes: [`颜色按分位数分为 ${classes.length} 档，每档的单位-年度数大致相同，含下限、不含上限（最高一档含上限）；空白为无报告或未填报。`]
	};
}

/** Volume against 公开率, one point an agency. */
export function volumeScatter(rows: { agency_id: number; name: string; received: number | null; rate: number | null; base: number | null }[]): Built {
	const shown = rows.filter((r) => r.received !== null && r.rate !== null);
	const columns = ['单位', '本年新收申请', '公开率', '基数'];
	if (!shown.length) return noData(columns);
	return {
		option: {
			...base,
			tooltip: {
				trigger: 'item',
				formatter: (p: { data: { name: string; value: number[] } }) =>
					`${escapeHtml(p.data.name)}<br/>新收申请 ${p.data.value[0]} 件，公开率 ${p.data.value[1]}%`
			},
			// Room for the axes' titles, which containLabel does not count: each along the middle of its axis.
			grid: { left: 40, right: 32, top: 16, bottom: 44, containLabel: true },
			xAxis: { type: 'log', name: '本年新收申请（件，对数）', nameLocation: 'middle', nameGap: 28, min: 1, nameTextStyle: FONT },
			yAxis: { type: 'value', name: '公开率（%）', nameLocation: 'middle', nameGap: 40, max: 100, nameTextStyle: FONT },
			series: [
				{
					type: 'scatter',
					cursor: 'pointer',
					// Each point named, where the names do not overlap (ECharts hides those that would).
					label: { show: true, position: 'right', formatter: '{b}', fontSize: 10, ...FONT },
					labelLayout: { hideOverlap: true },
					data: shown.map((r) => ({ value: [Math.max(1, r.received!), pct(r.rate)], name: r.name, agency_id: r.agency_id }))
				}
			]
		},
		table: { columns, rows: shown.map((r) => [r.name, r.received, fmtMetric({ kind: 'rate' }, r.rate, r.base), r.base]) },
		height: 460,
		empty: false,
		notes: []
	};
}

/** Findings counted by rule, a bar per rule, coloured by severity; a bar leads to the list. */
export function rulesBar(rows: { rule: string; title: string; errors: number; warnings: number; infos: number }[]): Built {
	const columns = ['规则', '错误', '警告', '提示'];
	if (!rows.length) return noData(columns);
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
			yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.title), axisLabel: { ...EVERY_ROW, width: 240, overflow: 'truncate' } },
			series: sev.map(([k, label, color]) => ({
				type: 'bar',
				name: label,
				stack: 'n',
				cursor: 'pointer',
				itemStyle: { color },
				data: rows.map((r) => ({ value: r[k], rule: r.rule }))
			}))
		},
		table: { columns, rows: rows.map((r) => [r.title, r.errors, r.warnings, r.infos]) },
		height: rowsHeight(rows.length, 72, 280),
		empty: false,
		notes: []
	};
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

export interface ExportLabels {
	title: string;
	/** What the chart is of, e.g. 2024年 · 示例省/示例市. */
	subtitle: string;
	/** The data source line; says so when the data are generated. */
	source: string;
	/** The chart's notes (Built.notes), printed above the source line. */
	notes?: string[];
}

/** The data source line printed under every exported chart. */
export function sourceLine(generated: boolean): string {
	return generated ? '数据来源：nianbao 生成的示例数据（虚构，仅供演示）' : '数据来源：各单位政府信息公开工作年度报告（nianbao 汇总）';
}

/** What an export adds around the plot: the title and filters above, the source line (and notes) below. */
const EXPORT_TOP = 64;
const EXPORT_BOTTOM = 28;
const NOTE_LINE = 18;

/** The height of an exported image of a plot `plot` px high with `notes` note lines. */
export function exportHeight(plot: number, notes = 0): number {
	return plot + EXPORT_TOP + EXPORT_BOTTOM + notes * NOTE_LINE;
}

/**
 * A chart as it is exported for print: its title, the filters it shows, its notes and the data
 * source drawn in the image, white background, no animation; the plot moved to make room.
 */
export function exportOption(option: EChartsCoreOption, labels: ExportLabels): EChartsCoreOption {
	// A shallow copy: only top-level parts change, and options may hold functions (formatters).
	const o = { ...option } as Record<string, unknown>;
	const notes = labels.notes ?? [];
	const shift = (v: unknown, by: number) => (typeof v === 'number' ? v + by : by);
	const footer = EXPORT_BOTTOM + notes.length * NOTE_LINE;
	if (o.grid) {
		const grids = Array.isArray(o.grid) ? o.grid : [o.grid];
		o.grid = grids.map((g) => ({
			...(g as object),
			top: shift((g as { top?: unknown }).top, EXPORT_TOP),
			bottom: shift((g as { bottom?: unknown }).bottom, footer)
		}));
	}
	if (o.legend) o.legend = { ...(o.legend as object), top: 58 };
	if (o.visualMap) o.visualMap = { ...(o.visualMap as object), bottom: footer - 2 };
	const small = { fontSize: 11, fontWeight: 'normal', color: '#57606a', lineHeight: NOTE_LINE, ...FONT };
	o.title = [
		// The chart's own (暂无数据) stays.
		...(o.title ? (Array.isArray(o.title) ? o.title : [o.title]) : []),
		{
			text: labels.title,
			subtext: labels.subtitle,
			left: 'center',
			top: 6,
			textStyle: { fontSize: 16, fontWeight: 'bold', ...FONT },
			subtextStyle: { fontSize: 12, color: '#57606a', ...FONT }
		},
		...(notes.length ? [{ text: notes.join('\n'), left: 'center', bottom: EXPORT_BOTTOM - 6, textStyle: { ...small, color: '#24292f' } }] : []),
		{ text: labels.source, left: 'center', bottom: 4, textStyle: small }
	];
	o.backgroundColor = '#ffffff';
	o.animation = false;
	return o as EChartsCoreOption;
}
