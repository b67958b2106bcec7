import { overviewFindings } from '$lib/charts/defs/overview-findings';
import { overviewOutcomes } from '$lib/charts/defs/overview-outcomes';
import { overviewTrend } from '$lib/charts/defs/overview-trend';
import { chartInput } from '$lib/server/charts/serve';
import { worstAgencies } from '$lib/server/queries/overview';
import { rosterCounts } from '$lib/server/queries/roster';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url }) => {
	const { scope } = await parent();
	const [trend, outcomes, byRule, counts, worst] = await Promise.all([
		chartInput(overviewTrend, scope, url.searchParams),
		chartInput(overviewOutcomes, scope, url.searchParams),
		chartInput(overviewFindings, scope, url.searchParams),
		rosterCounts(scope),
		worstAgencies(scope)
	]);
	return { charts: { trend, outcomes, byRule }, counts, worst };
};
