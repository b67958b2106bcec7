import { z } from 'zod';
import { can } from '$lib/server/auth/roles';
import { missingCounts, missingMatrix, missingYears } from '$lib/server/queries/missing';
import { rosterCounts, rosterEntries } from '$lib/server/queries/roster';
import { servedAsOf } from '$lib/server/queries/season';
import { listRejected } from '$lib/server/queries/reports';
import type { PageServerLoad } from './$types';

/** The year's roster (who owes, what came, when), the matrix of years, and the files that could not be read. */
export const load: PageServerLoad = async ({ parent, url, locals }) => {
	const { scope } = await parent();
	const all = z.literal('1').safeParse(url.searchParams.get('all')).success;
	const years = await missingYears(scope);
	const [cells, rejected, counts, roster, owed, asOf] = await Promise.all([
		missingMatrix(scope, years, all),
		listRejected(),
		missingCounts(scope),
		rosterCounts(scope),
		rosterEntries(scope, { limit: 2000 }),
		servedAsOf()
	]);
	return { cells, years, rejected, counts, roster, owed, asOf, all, canNotice: can(locals.user, 'notice') };
};
