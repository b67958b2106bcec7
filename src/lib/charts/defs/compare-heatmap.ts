import { metricDef } from '../../report/metrics.js';
import { defineChart } from '../define.js';
import { heatmap } from '../options.js';
import { MetricParams } from './compare-ranking.js';

/** 对比: one metric for the agencies with most applications, over every year. */
export const compareHeatmap = defineChart({
	name: 'compare-heatmap',
	title: (p) => `${metricDef(p.metric).label}：单位 × 年度`,
	params: MetricParams,
	query: 'metricByYear',
	build: (rows, p) => heatmap(rows, metricDef(p.metric))
});
