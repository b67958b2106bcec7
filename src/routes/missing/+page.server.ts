import { z } from 'zod';
import { missingCounts, missingMatrix } from '$lib/server/queries/missing';
import { listRejected } from '$lib/server/queries/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url }) => {
	const { scope } = await parent();
	const all = z.literal('1').safeParse(url.searchParams.get('all')).success;
	const [cells, rejected, counts] = await Promise.all([missingMatrix(scope, all), listRejected(), missingCounts(scope)]);
	return { cells, rejected, counts, all };
};
