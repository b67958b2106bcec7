/** The chart option builders, each tried directly: what a page draws and an export prints. */
import { describe, expect, it } from 'vitest';
import {
	exportHeight,
	exportOption,
	heatmap,
	NO_DATA,
	outcomeBars,
	outcomeShares,
	qualityBar,
	quantileClasses,
	rankingBar,
	RANKING_LIMIT,
	rulesBar,
	rulesBarFromCounts,
	trendLines,
	volumeScatter,
	type Built
} from './options.js';
import { metricDef } from '../report/metrics.js';

type Series = {
	data: { value: unknown; itemStyle?: { color: string } }[];
	markLine?: { data: { xAxis: number }[]; label: { position: string; formatter: string; textBorderColor: string; textBorderWidth: number } };
	yAxisIndex?: number;
	name?: string;
};
type Axis = { data?: string[]; axisLabel?: { interval?: number }; splitLine?: { show: boolean } };
const series = (o: unknown) => (o as { series: Series[] }).series;
const yAxes = (o: unknown): Axis[] => [(o as { yAxis: Axis | Axis[] }).yAxis].flat();

const rate = metricDef('disclosure_rate');
const count = metricDef('new_received');

describe('rankingBar', () => {
	const rows = [
		{ agency_id: 1, name: '甲', value: 0.5, denominator: 100 },
		{ agency_id: 2, name: '乙', value: null, denominator: null },
		{ agency_id: 3, name: '丙', value: 0.25, denominator: 10 }
	];

	it('draws rates as percentages, leaves out agencies without a value, pales small samples and marks the median', () => {
		const b = rankingBar(rows, rate);
		const [s] = series(b.option);
		expect(s.data.map((d) => d.value)).toEqual([50, 25]);
		expect(s.data[0].itemStyle).toBeUndefined();
		expect(s.data[1].itemStyle?.color).toBe('#b6c8e6');
		expect(s.markLine!.data[0].xAxis).toBe(37.5);
		// Each bar says its value (a bar of 0% is a value, not a gap).
		expect((s as unknown as { label: { show: boolean; formatter: string } }).label).toMatchObject({ show: true, formatter: '{c}%' });
		expect(b.table.columns).toEqual(['单位', '公开率', '基数']);
		expect(b.table.rows.map((r) => r[0])).toEqual(['甲', '丙']);
		expect(b.notes).toEqual(['浅色：基数不足 30 件，比例仅供参考，排在后面。']);
	});

	it('labels the median above the plot (the axis is inverse: its start is the top) in a white halo', () => {
		const b = rankingBar(rows, rate, { median: 0.1, total: 3 });
		const { markLine } = series(b.option)[0];
		// The median of all peers when the bars show only the top.
		expect(markLine!.data[0].xAxis).toBe(10);
		expect(markLine!.label).toMatchObject({ position: 'start', textBorderColor: '#ffffff', textBorderWidth: 3 });
		// Its text as a function's result, not a template ECharts would read `{…}` in.
		expect((markLine!.label as unknown as { formatter: () => string }).formatter()).toBe('同级中位数 10%');
		// Its text runs away from the nearer edge (here the median, 10%, is in the left half of 0–50%).
		expect(markLine!.label).toMatchObject({ align: 'left' });
		const high = rankingBar(rows, rate, { median: 0.45, total: 3 });
		expect(series(high.option)[0].markLine!.label).toMatchObject({ align: 'right' });
		// 级别 全部: the median of every level together is not a peers' median, and says so.
		const mixed = rankingBar(rows, rate, { median: 0.1, total: 3, mixedLevels: true });
		expect((series(mixed.option)[0].markLine!.label as unknown as { formatter: () => string }).formatter()).toBe('全部单位中位数 10%');
		expect(mixed.notes.at(-1)).toMatch(/^级别为「全部」/);
		// An agency whose report is missing is not left out silently: named in a note, 缺报 in the table.
		const owing = rankingBar(rows, rate, { median: 0.1, total: 3, missing: [{ agency_id: 9, name: '海坛片区管理局' }] });
		expect(owing.notes.at(-1)).toBe('缺报（未报送本年度报告，不在图中）：海坛片区管理局。');
		expect(owing.table.rows.at(-1)).toEqual(['海坛片区管理局', '缺报', null]);
		expect((b.option as { yAxis: { inverse: boolean } }).yAxis.inverse).toBe(true);
		expect((b.option as { grid: { top: number } }).grid.top).toBeGreaterThanOrEqual(24);
	});

	it('says in its notes when it shows only the top of a longer ranking', () => {
		const top = Array.from({ length: RANKING_LIMIT }, (_, i) => ({ agency_id: i + 1, name: `单位${i}`, value: 100 - i, denominator: null }));
		expect(rankingBar(top, count, { median: 20, total: 137 }).notes).toEqual(['图中仅显示前50位（共 137 个单位）；中位数线为全部单位的中位数。']);
		expect(rankingBar(top, count, { median: 20, total: RANKING_LIMIT }).notes).toEqual([]);
	});

	it('labels every agency, the chart as tall as its rows', () => {
		const many = Array.from({ length: 40 }, (_, i) => ({ agency_id: i + 1, name: `单位${i}`, value: i, denominator: null }));
		const b = rankingBar(many, count);
		expect(yAxes(b.option)[0].axisLabel?.interval).toBe(0);
		expect(b.height).toBeGreaterThanOrEqual(40 * 20);
	});

	it('ranks reports by 质量评分 as the same chart: the top 50 drawn, the median of all', () => {
		const reports = Array.from({ length: 60 }, (_, i) => ({ agency_id: i + 1, name: `单位${i}`, score: { total: 100 - i } }));
		const b = qualityBar(reports);
		expect(series(b.option)[0].data).toHaveLength(RANKING_LIMIT);
		expect(series(b.option)[0].data[0].value).toBe(100);
		expect(series(b.option)[0].markLine!.data[0].xAxis).toBe(70.5);
		expect(b.table.columns).toEqual(['单位', '质量评分']);
		expect(b.notes[0]).toContain('共 60 个单位');
	});
});

describe('trendLines', () => {
	const trend = [
		{ year: 2023, new_received: 10, disclosure_rate: 0.5, disclosure_rate__n: 10 },
		{ year: 2024, new_received: null, disclosure_rate: null, disclosure_rate__n: null }
	];

	it('puts counts on the left axis and rates, as percentages, on the right', () => {
		const b = trendLines(trend, [count, rate]);
		const [counts, rates] = series(b.option);
		expect([counts.yAxisIndex, rates.yAxisIndex]).toEqual([0, 1]);
		expect(rates.data.map((d) => d.value)).toEqual([50, null]);
		expect(b.table.rows[1].slice(1)).toEqual(['—', '—']);
	});

	it('draws one set of gridlines: the rates’ axis draws none of its own', () => {
		const [left, right] = yAxes(trendLines(trend, [count, rate]).option);
		expect(left.splitLine?.show).not.toBe(false);
		expect(right.splitLine?.show).toBe(false);
	});
});

describe('outcomes', () => {
	it('bars of the groups with their shares, and per agency shares that add up to 100%', () => {
		const bars = outcomeBars([
			{ group: 'granted', value: 3 },
			{ group: 'denied', value: 1 }
		]);
		expect(bars.table.rows.map((r) => r[2])).toEqual(['75.0%', '25.0%']);
		const shares = outcomeShares([
			{ agency_id: 1, name: '甲', groups: { granted: 1, partially_granted: 1, denied: 1, unavailable: 1, not_processed: 0, other: 0 } }
		]);
		const total = series(shares.option).reduce((s, x) => s + Number(x.data[0].value), 0);
		expect(total).toBeCloseTo(100, 0);
	});
});

describe('quantileClasses', () => {
	it('gives classes of about as many values each, so one outlier takes the top class alone with its peers', () => {
		const values = [...Array.from({ length: 19 }, (_, i) => i + 1), 964];
		expect(quantileClasses(values, 5)).toEqual([
			{ min: 1, max: 4 },
			{ min: 5, max: 8 },
			{ min: 9, max: 12 },
			{ min: 13, max: 16 },
			{ min: 17, max: 964 }
		]);
	});

	it('never splits a value over two classes, and gives fewer classes when the values are few', () => {
		expect(quantileClasses([0, 0, 0, 0, 0, 0, 0, 1, 2, 3], 5)).toEqual([
			{ min: 0, max: 0 },
			{ min: 1, max: 1 },
			{ min: 2, max: 2 },
			{ min: 3, max: 3 }
		]);
		expect(quantileClasses([7, 7, 7], 5)).toEqual([{ min: 7, max: 7 }]);
	});
});

describe('heatmap', () => {
	it('places each agency and year in its cell, a blank as a blank', () => {
		const b = heatmap(
			[
				{ agency_id: 1, name: '甲', year: 2024, value: 5 },
				{ agency_id: 1, name: '甲', year: 2023, value: null }
			],
			count
		);
		expect(series(b.option)[0].data.map((d) => d.value)).toEqual([
			[1, 0, 5],
			[0, 0, null]
		]);
		expect(b.table.columns).toEqual(['单位', '2023', '2024']);
	});

	it('colours by quantile classes, not by a linear scale one outlier stretches, and shows the classes in its legend', () => {
		const rows = Array.from({ length: 20 }, (_, i) => ({ agency_id: i + 1, name: `单位${i}`, year: 2024, value: i === 19 ? 964 : i + 1 }));
		const vm = (
			heatmap(rows, count).option as { visualMap: { type: string; pieces: { gte: number; lt?: number; lte?: number; label: string; color: string }[] } }
		).visualMap;
		expect(vm.type).toBe('piecewise');
		// The classes meet: no gap in the legend between one class's top and the next one's bottom.
		expect(vm.pieces.map((p) => p.label)).toEqual(['1–5', '5–9', '9–13', '13–17', '17–964']);
		expect(new Set(vm.pieces.map((p) => p.color)).size).toBe(5);
		// Each value falls in exactly one class.
		const holds = (p: (typeof vm.pieces)[number], v: number) => v >= p.gte && (p.lt !== undefined ? v < p.lt : v <= p.lte!);
		for (const r of rows) expect(vm.pieces.filter((p) => holds(p, r.value))).toHaveLength(1);
	});

	it('labels rates as percentages in its legend', () => {
		const rows = [0.1, 0.5, 0.9].map((value, i) => ({ agency_id: i + 1, name: `单位${i}`, year: 2024, value }));
		const vm = (heatmap(rows, rate).option as { visualMap: { pieces: { label: string }[] } }).visualMap;
		expect(vm.pieces.map((p) => p.label)).toEqual(['10%', '50%', '90%']);
	});

	it('labels every row, the chart as tall as its rows', () => {
		const rows = Array.from({ length: 40 }, (_, i) => ({ agency_id: i + 1, name: `单位${i}`, year: 2024, value: i }));
		const b = heatmap(rows, count);
		expect(yAxes(b.option)[0].axisLabel?.interval).toBe(0);
		expect(yAxes(b.option)[0].data).toHaveLength(40);
		expect(b.height).toBeGreaterThanOrEqual(40 * 20);
	});
});

describe('volumeScatter', () => {
	it('shows only agencies with both figures, on a log axis from 1', () => {
		const b = volumeScatter([
			{ agency_id: 1, name: '甲', received: 0, rate: 0.5, base: 2 },
			{ agency_id: 2, name: '乙', received: 9, rate: null, base: 0 }
		]);
		expect(series(b.option)[0].data.map((d) => d.value)).toEqual([[1, 50]]);
		// Points carry their names; the axes' titles sit along the axes, in the grid's margin.
		expect((series(b.option)[0] as unknown as { label: { show: boolean; formatter: string } }).label).toMatchObject({ show: true, formatter: '{b}' });
		const o = b.option as { xAxis: { nameLocation: string }; yAxis: { nameLocation: string }; grid: { left: number; bottom: number } };
		expect([o.xAxis.nameLocation, o.yAxis.nameLocation]).toEqual(['middle', 'middle']);
		expect(o.grid.left).toBeGreaterThanOrEqual(32);
		expect(o.grid.bottom).toBeGreaterThanOrEqual(32);
	});
});

describe('rulesBarFromCounts', () => {
	it('stacks each rule’s findings by severity, every rule labelled', () => {
		const b = rulesBarFromCounts(
			[
				{ rule: 't3_balance', severity: 'error', n: 2 },
				{ rule: 't3_balance', severity: 'warning', n: 1 },
				{ rule: 'carry_over', severity: 'error', n: 4 }
			],
			(r) => r.toUpperCase()
		);
		expect(series(b.option).map((s) => s.data.map((d) => d.value))).toEqual([
			[2, 4],
			[1, 0],
			[0, 0]
		]);
		expect(b.table.rows).toEqual([
			['T3_BALANCE', 2, 1, 0],
			['CARRY_OVER', 4, 0, 0]
		]);
		expect(yAxes(b.option)[0].axisLabel?.interval).toBe(0);
	});
});

describe('nothing to draw', () => {
	const empties: Record<string, Built> = {
		rankingBar: rankingBar([{ agency_id: 1, name: '甲', value: null, denominator: null }], rate),
		qualityBar: qualityBar([]),
		trendLines: trendLines([{ year: 2024, new_received: null, disclosure_rate: null }], [count, rate]),
		outcomeBars: outcomeBars([{ group: 'granted', value: 0 }]),
		outcomeShares: outcomeShares([]),
		heatmap: heatmap([{ agency_id: 1, name: '甲', year: 2024, value: null }], count),
		volumeScatter: volumeScatter([{ agency_id: 1, name: '甲', received: 3, rate: null, base: 0 }]),
		rulesBar: rulesBar([])
	};
	it.each(Object.keys(empties))('%s says 暂无数据 instead of drawing empty axes', (k) => {
		const b = empties[k];
		expect(b.empty).toBe(true);
		expect(b.table.rows).toEqual([]);
		expect(b.table.columns.length).toBeGreaterThan(0);
		const o = b.option as Record<string, unknown>;
		expect(o.xAxis ?? o.yAxis ?? o.series).toBeUndefined();
		expect((o.title as { text: string }).text).toBe(NO_DATA);
	});
});

describe('exportOption', () => {
	it('adds the title, the filters and the source line, on white, and leaves the page’s option as it was', () => {
		const page = { grid: { top: 8, bottom: 8 }, series: [] };
		const o = exportOption(page, { title: 'T', subtitle: '2024年 · 示例省', source: 'S' }) as Record<string, unknown>;
		expect(o.backgroundColor).toBe('#ffffff');
		expect(o.grid).toEqual([{ top: 72, bottom: 36 }]);
		expect((o.title as { text: string }[]).map((t) => t.text)).toEqual(['T', 'S']);
		expect(page.grid).toEqual({ top: 8, bottom: 8 });
	});

	it('prints the notes above the source line, a line each, and keeps 暂无数据', () => {
		const ranking = rankingBar(
			Array.from({ length: RANKING_LIMIT }, (_, i) => ({ agency_id: i + 1, name: `单位${i}`, value: 0.5, denominator: 3 })),
			rate,
			{ median: 0.5, total: 98 }
		);
		const o = exportOption(ranking.option, { title: 'T', subtitle: 'F', source: 'S', notes: ranking.notes }) as Record<string, unknown>;
		const titles = o.title as { text: string }[];
		expect(titles.map((t) => t.text)).toEqual(['T', ranking.notes.join('\n'), 'S']);
		expect(titles[1].text).toContain('前50');
		expect((o.grid as { bottom: number }[])[0].bottom).toBe(8 + 28 + 2 * 18);
		expect(exportHeight(500, 2)).toBe(500 + 92 + 36);
		const empty = exportOption(rulesBar([]).option, { title: 'T', subtitle: 'F', source: 'S' }) as Record<string, unknown>;
		expect((empty.title as { text: string }[]).map((t) => t.text)).toEqual([NO_DATA, 'T', 'S']);
	});
});
