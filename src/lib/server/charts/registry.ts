/**
 * The charts the server can render by name, from the same queries and option builders as the
 * pages: /charts/<name>.svg|png|csv with the page's filters as query parameters.
 */
import { MetricKeySchema } from '../../filters.js';
import { metricDef } from '../../report/metrics.js';
import { RULES } from '../../checks/rules.js';
import {
	heatmap,
	outcomeBars,
	outcomeShares,
	qualityBar,
	rankingBar,
	rulesBarFromCounts,
	trendLines,
	volumeScatter,
	type Built
} from '../../charts/options.js';
import { chartTitle, type ChartName } from '../../charts/titles.js';
import { findingsByRule, metricTotals, outcomeComposition } from '../queries/overview.js';
import { metricByYear, outcomesByAgency, ranking, volumeVsDisclosure } from '../queries/compare.js';
import type { Scope } from '../queries/scope.js';
import { qualityRanking } from '../queries/quality.js';

interface ServedChart {
	width: number;
	height: number;
	build(s: Scope, url: URL): Promise<{ title: string; built: Built }>;
}

const metricOf = (url: URL) => metricDef(MetricKeySchema.catch('new_received').parse(url.searchParams.get('metric') ?? undefined));
const ruleTitle = (id: string) => RULES.find((r) => r.id === id)?.title ?? id;

export const SERVED_CHARTS: Record<ChartName, ServedChart> = {
	'overview-trend': {
		width: 900,
		height: 420,
		build: async (s) => ({ title: chartTitle('overview-trend'), built: trendLines(await metricTotals(s), ['new_received', 'disclosure_rate'].map(metricDef)) })
	},
	'overview-outcomes': {
		width: 900,
		height: 420,
		build: async (s) => ({ title: chartTitle('overview-outcomes'), built: outcomeBars(await outcomeComposition(s)) })
	},
	'overview-findings': {
		width: 900,
		height: 480,
		build: async (s) => ({ title: chartTitle('overview-findings'), built: rulesBarFromCounts(await findingsByRule(s), ruleTitle) })
	},
	'anomalies-by-rule': {
		width: 900,
		height: 480,
		build: async (s) => ({ title: chartTitle('anomalies-by-rule'), built: rulesBarFromCounts(await findingsByRule(s), ruleTitle) })
	},
	'compare-ranking': {
		width: 900,
		height: 900,
		build: async (s, url) => {
			const m = metricOf(url);
			const r = await ranking(s, m.key);
			return { title: chartTitle('compare-ranking', m.label), built: rankingBar(r.rows, m, r.median) };
		}
	},
	'compare-quality': { width: 900, height: 900, build: async (s) => ({ title: chartTitle('compare-quality'), built: qualityBar(await qualityRanking(s)) }) },
	'compare-shares': { width: 900, height: 600, build: async (s) => ({ title: chartTitle('compare-shares'), built: outcomeShares(await outcomesByAgency(s)) }) },
	'compare-scatter': {
		width: 900,
		height: 600,
		build: async (s) => ({ title: chartTitle('compare-scatter'), built: volumeScatter(await volumeVsDisclosure(s)) })
	},
	'compare-heatmap': {
		width: 900,
		height: 900,
		build: async (s, url) => {
			const m = metricOf(url);
			return { title: chartTitle('compare-heatmap', m.label), built: heatmap(await metricByYear(s, m.key), m) };
		}
	}
};
