import { z } from 'zod';
import { metricDef } from '../../report/metrics.js';
import { defineChart } from '../define.js';
import { trendLines } from '../options.js';

/** The figures a trend draws: applications (left axis) and 公开率 (right). */
export const TREND_METRICS = ['new_received', 'disclosure_rate'].map(metricDef);

/** 总览: the scope's applications and 公开率 over the years; a point opens that year. */
export const overviewTrend = defineChart({
	name: 'overview-trend',
	title: () => '历年申请量与公开率',
	params: z.object({}),
	query: 'metricTotals',
	build: (trend) => trendLines(trend, TREND_METRICS)
});
