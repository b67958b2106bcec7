/**
 * The named queries that charts draw (a chart definition, `charts/defs/*`, names one): each takes
 * the filters' scope and the chart's parsed parameters. Named here so that a definition, which
 * pages import in the browser, never imports server code.
 */
import { agency, agencyYears } from '../queries/agency.js';
import { metricByYear, outcomesByAgency, ranking, volumeVsDisclosure } from '../queries/compare.js';
import { countsByRule } from '../queries/findings.js';
import { metricTotals, outcomeComposition } from '../queries/overview.js';
import { qualityRanking } from '../queries/quality.js';
import type { Scope } from '../queries/scope.js';

export const CHART_QUERIES = {
	metricTotals: (s: Scope) => metricTotals(s),
	outcomeComposition: (s: Scope) => outcomeComposition(s),
	/** The overview's findings by rule: those that count as problems (the anomalies page's counts, dismissed left out). */
	findingsByRule: (s: Scope) => countsByRule(s),
	countsByRule: (s: Scope, p: { all: boolean }) => countsByRule(s, p.all),
	ranking: (s: Scope, p: { metric: string }) => ranking(s, p.metric),
	qualityRanking: (s: Scope) => qualityRanking(s),
	outcomesByAgency: (s: Scope) => outcomesByAgency(s),
	volumeVsDisclosure: (s: Scope) => volumeVsDisclosure(s),
	metricByYear: (s: Scope, p: { metric: string }) => metricByYear(s, p.metric),
	/** One agency (null when there is none of that id) and its years, whatever the filters. */
	agencyYears: async (_s: Scope, p: { agency: number }) => {
		const [a, years] = await Promise.all([agency(p.agency), agencyYears(p.agency)]);
		return { agency: a as typeof a | null, years };
	}
};

export type ChartQueries = typeof CHART_QUERIES;
