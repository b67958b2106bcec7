/**
 * Every figure and rate a supervisor compares, defined once, as data: a metric is a sum of
 * cells, or a ratio of two sums. The checks, the store (table `metrics`) and the dashboard all
 * take their figures from here; nothing else writes a rate's formula again.
 */
import { OUTCOME_GROUP_LABELS, OUTCOME_ROWS, REVIEW_GROUPS, type OutcomeGroup, type TableKey } from './template.js';

export interface CellRef {
	table: TableKey;
	row: string;
	col: string;
}

export interface MetricDef {
	key: string;
	label: string;
	/** count: a number of applications or cases; rate: a share, shown as a percentage. */
	kind: 'count' | 'rate';
	numerator: CellRef[];
	/** For rates: the base; a rate over a base smaller than `minBase` is a small sample. */
	denominator?: CellRef[];
	description: string;
}

const t3 = (row: string, col = 'total'): CellRef => ({ table: 'applications', row, col });
const t4 = (row: string, col: string): CellRef => ({ table: 'reviews', row, col });
const group = (g: OutcomeGroup) => OUTCOME_ROWS[g].map((r) => t3(r));

/** Below this base a rate is shown with its n and never called an outlier. */
export const SMALL_SAMPLE = 30;

export const METRICS: readonly MetricDef[] = [
	{ key: 'new_received', label: '本年新收申请', kind: 'count', numerator: [t3('new_received')], description: '一、本年新收政府信息公开申请数量（总计）' },
	{ key: 'total_processed', label: '办理总数', kind: 'count', numerator: [t3('total_processed')], description: '（七）总计' },
	{ key: 'reviews', label: '行政复议', kind: 'count', numerator: [t4('review', 'total')], description: '表四 行政复议 总计' },
	{
		key: 'suits',
		label: '行政诉讼',
		kind: 'count',
		numerator: [t4('litigation_direct', 'total'), t4('litigation_after_review', 'total')],
		description: '表四 未经复议直接起诉 + 复议后起诉 总计'
	},
	{
		key: 'corrected',
		label: '结果纠正',
		kind: 'count',
		numerator: REVIEW_GROUPS.map((g) => t4(g, 'corrected')),
		description: '表四 三组结果纠正之和'
	},
	...(['granted', 'partially_granted', 'denied', 'unavailable', 'not_processed', 'other'] as const).map((g): MetricDef => ({
		key: `outcome_${g}`,
		label: OUTCOME_GROUP_LABELS[g],
		kind: 'count',
		numerator: group(g),
		description: `办理结果「${OUTCOME_GROUP_LABELS[g]}」件数（总计列）`
	})),
	{
		key: 'disclosure_rate',
		label: '公开率',
		kind: 'rate',
		numerator: [t3('granted'), t3('partially_granted')],
		denominator: [t3('total_processed')],
		description: '（予以公开 + 部分公开）/ 办理总数'
	},
	{
		key: 'denial_rate',
		label: '不予公开率',
		kind: 'rate',
		numerator: group('denied'),
		denominator: [t3('total_processed')],
		description: '不予公开 / 办理总数'
	},
	{
		key: 'unavailable_rate',
		label: '无法提供率',
		kind: 'rate',
		numerator: group('unavailable'),
		denominator: [t3('total_processed')],
		description: '无法提供 / 办理总数'
	},
	{
		key: 'not_processed_rate',
		label: '不予处理率',
		kind: 'rate',
		numerator: group('not_processed'),
		denominator: [t3('total_processed')],
		description: '不予处理 / 办理总数'
	},
	{
		key: 'review_rate',
		label: '复议率',
		kind: 'rate',
		numerator: [t4('review', 'total')],
		denominator: [t3('new_received')],
		description: '行政复议总计 / 本年新收申请'
	},
	{
		key: 'suit_rate',
		label: '诉讼率',
		kind: 'rate',
		numerator: [t4('litigation_direct', 'total'), t4('litigation_after_review', 'total')],
		denominator: [t3('new_received')],
		description: '行政诉讼总计 / 本年新收申请'
	},
	{
		key: 'correction_rate',
		label: '纠错率',
		kind: 'rate',
		numerator: REVIEW_GROUPS.map((g) => t4(g, 'corrected')),
		denominator: REVIEW_GROUPS.flatMap((g) => ['upheld', 'corrected', 'other'].map((m) => t4(g, m))),
		description: '结果纠正 /（结果维持 + 结果纠正 + 其他结果），三组合计'
	}
];

export type CellLookup = (ref: CellRef) => number | null;

/** A sum of cells; null when any of them is blank (a blank is not a zero). */
export function sumOf(refs: CellRef[], get: CellLookup): number | null {
	let s = 0;
	for (const r of refs) {
		const v = get(r);
		if (v === null) return null;
		s += v;
	}
	return s;
}

export interface MetricValue {
	key: string;
	value: number | null;
	numerator: number | null;
	denominator: number | null;
}

export function computeMetric(m: MetricDef, get: CellLookup): MetricValue {
	const numerator = sumOf(m.numerator, get);
	if (m.kind === 'count') return { key: m.key, value: numerator, numerator, denominator: null };
	const denominator = sumOf(m.denominator!, get);
	const value = numerator !== null && denominator ? numerator / denominator : null;
	return { key: m.key, value, numerator, denominator };
}

export function metricDef(key: string): MetricDef {
	const m = METRICS.find((x) => x.key === key);
	if (!m) throw new Error(`unknown metric ${key}`);
	return m;
}
