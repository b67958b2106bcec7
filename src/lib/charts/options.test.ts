/** The chart option builders, each tried directly: what a page draws and an export prints. */
import { describe, expect, it } from 'vitest';
import { exportOption, heatmap, outcomeBars, outcomeShares, qualityBar, rankingBar, rulesBarFromCounts, trendLines, volumeScatter } from './options.js';
import { metricDef } from '../report/metrics.js';

type Series = { data: { value: unknown; itemStyle?: { color: string } }[]; markLine?: { data: { xAxis: number }[] }; yAxisIndex?: number; name?: string };
const series = (o: unknown) => (o as { series: Series[] }).series;

describe('rankingBar', () => {
	it('draws rates as percentages, leaves out agencies without a value, pales small samples and marks the median', () => {
		const rows = [
			{ agency_id: 1, name: '甲', value: 0.5, denominator: 100 },
			{ agency_id: 2, name: '乙', value: null, denominator: null },
			{ agency_id: 3, name: '丙', value: 0.25, denominator: 10 }
		];
		const b = rankingBar(rows, metricDef('disclosure_rate'));
		const [s] = series(b.option);
		expect(s.data.map((d) => d.value)).toEqual([50, 25]);
		expect(s.data[0].itemStyle).toBeUndefined();
		expect(s.data[1].itemStyle?.color).toBe('#b6c8e6');
		expect(s.markLine!.data[0].xAxis).toBe(50);
		expect(b.table.columns).toEqual(['单位', '公开率', '基数']);
		expect(b.table.rows.map((r) => r[0])).toEqual(['甲', '丙']);
		// The median of all peers when the bars show only the top.
		expect(series(rankingBar(rows, metricDef('disclosure_rate'), 0.1).option)[0].markLine!.data[0].xAxis).toBe(10);
	});
	it('ranks reports by 质量评分 as the same chart', () => {
		const b = qualityBar([{ agency_id: 1, name: '甲', score: { total: 92.5 } }]);
		expect(series(b.option)[0].data[0].value).toBe(92.5);
		expect(b.table.columns).toEqual(['单位', '质量评分']);
	});
});

describe('trendLines', () => {
	it('puts counts on the left axis and rates, as percentages, on the right', () => {
		const b = trendLines(
			[
				{ year: 2023, new_received: 10, disclosure_rate: 0.5, disclosure_rate__n: 10 },
				{ year: 2024, new_received: null, disclosure_rate: null, disclosure_rate__n: null }
			],
			['new_received', 'disclosure_rate'].map(metricDef)
		);
		const [counts, rates] = series(b.option);
		expect([counts.yAxisIndex, rates.yAxisIndex]).toEqual([0, 1]);
		expect(rates.data.map((d) => d.value)).toEqual([50, null]);
		expect(b.table.rows[1].slice(1)).toEqual(['—', '—']);
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

describe('heatmap', () => {
	it('places each agency and year in its cell, a blank as a blank', () => {
		const b = heatmap(
			[
				{ agency_id: 1, name: '甲', year: 2024, value: 5 },
				{ agency_id: 1, name: '甲', year: 2023, value: null }
			],
			metricDef('new_received')
		);
		expect(series(b.option)[0].data.map((d) => d.value)).toEqual([
			[1, 0, 5],
			[0, 0, null]
		]);
		expect(b.table.columns).toEqual(['单位', '2023', '2024']);
	});
});

describe('volumeScatter', () => {
	it('shows only agencies with both figures, on a log axis from 1', () => {
		const b = volumeScatter([
			{ agency_id: 1, name: '甲', received: 0, rate: 0.5, base: 2 },
			{ agency_id: 2, name: '乙', received: 9, rate: null, base: 0 }
		]);
		expect(series(b.option)[0].data.map((d) => d.value)).toEqual([[1, 50]]);
	});
});

describe('rulesBarFromCounts', () => {
	it('stacks each rule’s findings by severity', () => {
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
});
