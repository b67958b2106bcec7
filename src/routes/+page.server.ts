import { findingsByRule, metricTotals, outcomeComposition, reportCounts, worstAgencies } from '$lib/server/queries/overview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	const { scope } = await parent();
	const [trend, counts, outcomes, byRule, worst] = await Promise.all([
		metricTotals(scope),
		reportCounts(scope),
		outcomeComposition(scope),
		findingsByRule(scope),
		worstAgencies(scope)
	]);
	return { trend, counts, outcomes, byRule, worst };
};
