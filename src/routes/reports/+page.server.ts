import { listRejected, listReports } from '$lib/server/queries/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	const { scope } = await parent();
	const [list, rejected] = await Promise.all([listReports(scope), listRejected()]);
	return { reports: list.rows, total: list.total, rejected };
};
