import { overviewFindings } from '$lib/charts/defs/overview-findings';
import { overviewOutcomes } from '$lib/charts/defs/overview-outcomes';
import { overviewTrend } from '$lib/charts/defs/overview-trend';
import { chartInput } from '$lib/server/charts/serve';
import { worstAgencies } from '$lib/server/queries/overview';
import { owedYearsOf, rosterCounts } from '$lib/server/queries/roster';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url, locals }) => {
	const { scope } = await parent();
	// An agency account sees first what it still owes.
	const agency = locals.user?.role === 'agency' ? locals.user.agency_id : null;
	const [trend, outcomes, byRule, counts, worst] = await Promise.all([
		chartInput(overviewTrend, scope, url.searchParams),
		chartInput(overviewOutcomes, scope, url.searchParams),
		chartInput(overviewFindings, scope, url.searchParams),
		rosterCounts(scope),
		worstAgencies(scope)
	]);
	const owes = agency === null ? [] : await owedYearsOf(agency);
	return { charts: { trend, outcomes, byRule }, counts, worst, owes };
};
