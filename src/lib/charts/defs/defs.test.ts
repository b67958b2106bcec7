/**
 * Each chart definition tried directly: its parameters from a URL, its title, and its build from
 * a result shaped as its query returns it (the samples are typed by the query: a query that
 * changes its rows breaks them at `npm run check`).
 */
import { describe, expect, it } from 'vitest';
import type { ChartDef, QueryName, QueryParams, QueryResult } from '../define.js';
import { CHARTS, chartNamed } from './index.js';
import { agencyTrend } from './agency-trend.js';
import { anomaliesByRule } from './anomalies-by-rule.js';
import { compareHeatmap } from './compare-heatmap.js';
import { compareQuality } from './compare-quality.js';
import { compareRanking } from './compare-ranking.js';
import { compareScatter } from './compare-scatter.js';
import { compareShares } from './compare-shares.js';
import { overviewFindings } from './overview-findings.js';
import { overviewOutcomes } from './overview-outcomes.js';
import { overviewTrend } from './overview-trend.js';
import { NO_DATA, type Built } from '../options.js';

const tested = new Set<string>();

/** The chart's parameters parsed from a URL's, its title and its build of the query's result. */
type Run<Q extends QueryName, P> = (search: Record<string, string>, result: QueryResult<Q>) => { p: P; title: string; built: Built };

/** A describe block of one chart, counted: every chart of CHARTS must have one. */
function chart<Q extends QueryName, P extends QueryParams<Q>>(def: ChartDef<Q, P>, fn: (run: Run<Q, P>) => void) {
	tested.add(def.name);
	describe(def.name, () =>
		fn((search, result) => {
			const p = def.params.parse(search);
			return { p, title: def.title(p), built: def.build(result, p) };
		})
	);
}

type Series = { data: { value: unknown }[]; markLine?: { data: { xAxis: number }[] } };
const series = (o: unknown) => (o as { series: Series[] }).series;
const categories = (o: unknown) => (o as { yAxis: { data: string[] } }).yAxis.data;

const year = (y: number, received: number | null, rate: number | null) => ({ year: y, new_received: received, disclosure_rate: rate, disclosure_rate__n: 40 });

chart(overviewTrend, (run) => {
	it('draws applications and 公开率 over the years, one point a year', () => {
		const { title, built } = run({}, [year(2023, 120, 0.5), year(2024, 80, 0.625)]);
		expect(title).toBe('历年申请量与公开率');
		expect(series(built.option).map((s) => s.data.map((d) => d.value))).toEqual([
			[120, 80],
			[50, 62.5]
		]);
		expect(built.table.columns).toEqual(['年度', '本年新收申请', '公开率']);
	});
	it('says 暂无数据 for years without figures', () => {
		expect(run({}, [year(2024, null, null)]).built.empty).toBe(true);
	});
});

chart(overviewOutcomes, (run) => {
	it('draws each outcome group of the year', () => {
		const { title, built } = run({}, [
			{ group: 'granted', value: 6 },
			{ group: 'denied', value: 2 }
		]);
		expect(title).toBe('办理结果构成');
		expect(categories(built.option)).toEqual(['予以公开', '不予公开']);
		expect(built.empty).toBe(false);
	});
});

chart(overviewFindings, (run) => {
	it('counts standing findings by rule, titled by the rules', () => {
		const { title, built } = run({}, [
			{ rule: 't3_balance', severity: 'error', n: 3 },
			{ rule: 'blank_required', severity: 'warning', n: 2 }
		]);
		expect(title).toBe('发现的问题（按规则）');
		expect(categories(built.option)).not.toContain('t3_balance');
		expect(built.table.rows.map((r) => r.slice(1))).toEqual([
			[3, 0, 0],
			[0, 2, 0]
		]);
	});
	it('says 暂无数据 when there are none', () => {
		expect(run({}, []).built.option).toMatchObject({ title: { text: NO_DATA } });
	});
});

chart(anomaliesByRule, (run) => {
	it('counts dismissed and corrected findings too when the list shows them (state=all or dismissed)', () => {
		expect(run({}, []).p).toEqual({ all: false });
		expect(run({ state: 'all' }, []).p).toEqual({ all: true });
		expect(run({ state: 'dismissed' }, []).p).toEqual({ all: true });
		expect(run({ state: 'open' }, []).p).toEqual({ all: false });
		expect(run({ state: 'x'.repeat(500) }, []).p).toEqual({ all: false });
	});
});

const ranked = (n: number, total: number) => ({
	rows: Array.from({ length: n }, (_, i) => ({
		agency_id: i + 1,
		name: `单位${i}`,
		level: 'department' as const,
		report_id: (i + 1) * 10000 + 2024,
		value: 1 - i / 100,
		numerator: null,
		denominator: 100
	})),
	total,
	median: 0.6,
	mixedLevels: false,
	missing: []
});

chart(compareRanking, (run) => {
	it('ranks by the metric of the URL (本年新收申请 when none or unknown), titled by it', () => {
		expect(run({}, ranked(2, 2)).title).toBe('各单位本年新收申请');
		expect(run({ metric: 'no_such' }, ranked(2, 2)).p).toEqual({ metric: 'new_received' });
		expect(run({ metric: 'disclosure_rate' }, ranked(2, 2)).title).toBe('各单位公开率');
	});
	it('marks the median of all peers and says when the bars are the top of a longer list', () => {
		const { built } = run({ metric: 'disclosure_rate' }, ranked(50, 98));
		expect(series(built.option)[0].markLine!.data[0].xAxis).toBe(60);
		expect(built.notes[0]).toBe('图中仅显示前50位（共 98 个单位）；中位数线为全部单位的中位数。');
	});
	it('says 暂无数据 when no agency has the figure', () => {
		expect(run({}, { rows: [], total: 0, median: null, mixedLevels: false, missing: [] }).built.empty).toBe(true);
	});
});

chart(compareQuality, (run) => {
	it('ranks reports by 质量评分', () => {
		const score = (total: number) => ({ total, parts: [] });
		const { title, built } = run({}, [
			{ report_id: 12024, agency_id: 1, name: '甲', score: score(90) },
			{ report_id: 22024, agency_id: 2, name: '乙', score: score(70) }
		]);
		expect(title).toBe('各单位年报质量评分');
		expect(series(built.option)[0].data.map((d) => d.value)).toEqual([90, 70]);
	});
});

chart(compareShares, (run) => {
	it('draws each agency’s outcomes as shares of 100%', () => {
		const groups = { granted: 3, partially_granted: 1, denied: 0, unavailable: 0, not_processed: 0, other: 0 };
		const { built } = run({}, [{ agency_id: 1, name: '甲', groups }]);
		expect(series(built.option)[0].data[0].value).toBe(75);
		expect(run({}, []).built.empty).toBe(true);
	});
});

chart(compareScatter, (run) => {
	it('places each agency by applications and 公开率', () => {
		const { title, built } = run({}, [{ agency_id: 1, name: '甲', received: 40, rate: 0.25, base: 40 }]);
		expect(title).toBe('申请量与公开率');
		expect(series(built.option)[0].data[0].value).toEqual([40, 25]);
	});
});

chart(compareHeatmap, (run) => {
	it('draws the metric of the URL for agencies × years, its classes in the legend', () => {
		const rows = [2022, 2023, 2024].flatMap((y) => ['甲', '乙'].map((name, i) => ({ agency_id: i + 1, name, year: y, value: y - 2000 + i * 100 })));
		const { title, built } = run({ metric: 'reviews' }, rows);
		expect(title).toBe('行政复议：单位 × 年度');
		expect(categories(built.option)).toEqual(['甲', '乙']);
		expect((built.option as { visualMap: { pieces: unknown[] } }).visualMap.pieces.length).toBeGreaterThan(1);
	});
});

chart(agencyTrend, (run) => {
	const agency = {
		id: 7,
		name: '某县公安局',
		level: 'department' as const,
		region: '某省/某县',
		generated: false,
		needs_review: false,
		parent_id: null,
		parent: null
	};
	const years = [2023, 2024].map((y, i) => ({
		report_id: 70000 + y,
		year: y,
		template: '2021' as const,
		format: 'pdf' as const,
		metrics: { new_received: 10 + i, disclosure_rate: 0.5 },
		bases: { new_received: null, disclosure_rate: 20 }
	}));
	it('needs the agency’s id (agency=ID)', () => {
		expect(agencyTrend.params.safeParse({}).success).toBe(false);
		expect(agencyTrend.params.safeParse({ agency: 'x' }).success).toBe(false);
		expect(agencyTrend.params.parse({ agency: '7' })).toEqual({ agency: 7 });
	});
	it('draws the agency’s years, small bases marked in its table', () => {
		const { built } = run({ agency: '7' }, { agency, years });
		expect(series(built.option)[0].data.map((d) => d.value)).toEqual([10, 11]);
		expect(built.table.rows[0]).toEqual([2023, '10', '50.0%（n=20）']);
	});
	it('is of the agency (its name under the title and in its files), or of nothing (404)', () => {
		expect(agencyTrend.subject!({ agency, years })).toEqual({ subtitle: '某县公安局', filePrefix: '某县公安局', generated: false });
		expect(agencyTrend.subject!({ agency: null, years: [] })).toBeNull();
	});
});

describe('CHARTS', () => {
	it('lists every chart once, by a name the image endpoint’s URL can carry, and each is tested here', () => {
		const names = CHARTS.map((c) => c.name);
		expect(new Set(names).size).toBe(names.length);
		for (const n of names) expect(n).toMatch(/^[a-z-]+$/);
		expect([...tested].sort()).toEqual([...names].sort());
	});
	it('finds a chart by its own name only', () => {
		expect(chartNamed('compare-ranking')).toBe(compareRanking);
		for (const n of ['constructor', '__proto__', 'toString', '']) expect(chartNamed(n)).toBeUndefined();
	});
});
