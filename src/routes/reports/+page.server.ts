import { listRejected, listReports } from '$lib/server/queries/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const [reports, rejected] = await Promise.all([listReports(), listRejected()]);
	return { reports, rejected };
};
