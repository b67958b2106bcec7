import { z } from 'zod';
import { missingCounts, missingMatrix, missingYears } from '$lib/server/queries/missing';
import { listRejected } from '$lib/server/queries/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url }) => {
	const { scope } = await parent();
	const all = z.literal('1').safeParse(url.searchParams.get('all')).success;
	const years = await missingYears(scope);
	const [cells, rejected, counts] = await Promise.all([missingMatrix(scope, years, all), listRejected(), missingCounts(scope)]);
	return { cells, years, rejected, counts, all };
};
