import { error } from '@sveltejs/kit';
import { AgencyIdParam } from '$lib/report/ids';
import { agency, agencyYears, carryChain, peers } from '$lib/server/queries/agency';
import { findingsOfAgency, goneFindings } from '$lib/server/queries/findings';
import { can, readsNotes } from '$lib/server/auth/roles';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = AgencyIdParam.safeParse(params.id);
	if (!id.success) error(404, '没有这个单位');
	const a = await agency(id.data);
	if (!a) error(404, '没有这个单位');
	const notes = readsNotes(locals.user, id.data);
	const [years, carry, findings, near, gone] = await Promise.all([
		agencyYears(id.data),
		carryChain(id.data),
		findingsOfAgency(id.data, { notes }),
		peers(id.data),
		notes ? goneFindings({ agency: id.data }) : []
	]);
	return { agency: a, years, carry, findings, peers: near, gone, canNotice: can(locals.user, 'notice') };
};
