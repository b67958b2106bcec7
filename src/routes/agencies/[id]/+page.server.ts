import { error, redirect } from '@sveltejs/kit';
import { AgencyIdParam } from '$lib/report/ids';
import { agencyTrend } from '$lib/charts/defs/agency-trend';
import { chartInput } from '$lib/server/charts/serve';
import { agency, agencyYears, carryChain, mergedInto, peers, survivorOf } from '$lib/server/queries/agency';
import { findingsOfAgency, goneFindings } from '$lib/server/queries/findings';
import { can, readsNotes } from '$lib/server/auth/roles';
import { rosterOfAgency } from '$lib/server/queries/roster';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, parent }) => {
	const id = AgencyIdParam.safeParse(params.id);
	if (!id.success) error(404, '没有这个单位');
	const [a, survivor] = await Promise.all([agency(id.data), survivorOf(id.data)]);
	if (!a) error(404, '没有这个单位');
	// 撤并: the agency is the one that took it over now; its reports are listed there.
	if (survivor !== null) redirect(303, `/agencies/${survivor}`);
	const notes = readsNotes(locals.user, id.data);
	const { scope } = await parent();
	const [trend, carry, findings, near, gone, merged, roster] = await Promise.all([
		// The trend draws the agency's years; its table below lists them.
		chartInput(agencyTrend, scope, { agency: String(id.data) }),
		carryChain(id.data),
		findingsOfAgency(id.data, { notes }),
		peers(id.data),
		notes ? goneFindings({ agency: id.data }) : [],
		mergedInto(id.data).then((list) => Promise.all(list.map(async (m) => ({ ...m, years: await agencyYears(m.id) })))),
		rosterOfAgency(id.data)
	]);
	return {
		agency: a,
		trend,
		years: trend.result.years,
		carry,
		findings,
		peers: near,
		gone,
		merged,
		roster,
		canNotice: can(locals.user, 'notice'),
		canRegistry: can(locals.user, 'manage_registry')
	};
};
