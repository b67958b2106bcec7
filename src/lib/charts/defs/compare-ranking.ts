import { z } from 'zod';
import { MetricKeySchema } from '../../filters.js';
import { metricDef } from '../../report/metrics.js';
import { defineChart } from '../define.js';
import { rankingBar } from '../options.js';

/** The metric a 对比 chart shows: `metric=`, 本年新收申请 by default. */
export const MetricParams = z.object({ metric: MetricKeySchema.catch('new_received') });

/** 对比: the agencies ranked by a metric, the top RANKING_LIMIT drawn, the median of all marked. */
export const compareRanking = defineChart({
	name: 'compare-ranking',
	title: (p) => `各单位${metricDef(p.metric).label}`,
	params: MetricParams,
	query: 'ranking',
	build: (r, p) => rankingBar(r.rows, metricDef(p.metric), { median: r.median, total: r.total, mixedLevels: r.mixedLevels, missing: r.missing })
});
