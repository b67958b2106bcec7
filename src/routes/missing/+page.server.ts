import { missingCounts, missingMatrix } from '$lib/server/queries/missing';
import { listRejected } from '$lib/server/queries/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url }) => {
	const { scope } = await parent();
	const all = url.searchParams.get('all') === '1';
	const [cells, rejected, counts] = await Promise.all([missingMatrix(scope, all), listRejected(), missingCounts(scope)]);
	return { cells, rejected, counts, all };
};
