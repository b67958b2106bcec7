import { missingMatrix } from '$lib/server/queries/missing';
import { listRejected } from '$lib/server/queries/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	const { scope } = await parent();
	const [cells, rejected] = await Promise.all([missingMatrix(scope), listRejected()]);
	return { cells, rejected };
};
