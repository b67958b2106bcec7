import { z } from 'zod';
import { REPORT_SORTS, listRejected, listReports, type ReportSort } from '$lib/server/queries/reports';
import type { PageServerLoad } from './$types';

const ListQuery = z.object({
	years: z.enum(['all', '']).catch(''),
	sort: z.enum(Object.keys(REPORT_SORTS) as [ReportSort, ...ReportSort[]]).catch('agency'),
	dir: z.enum(['asc', 'desc']).catch('asc'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});

export const load: PageServerLoad = async ({ parent, url }) => {
	const { scope } = await parent();
	const q = ListQuery.parse({
		years: url.searchParams.get('years') ?? '',
		sort: url.searchParams.get('sort') ?? undefined,
		dir: url.searchParams.get('dir') ?? undefined,
		page: url.searchParams.get('page') ?? undefined
	});
	const [list, rejected] = await Promise.all([
		listReports(scope, { allYears: q.years === 'all', sort: q.sort, descending: q.dir === 'desc', page: q.page }),
		listRejected()
	]);
	return { reports: list.rows, total: list.total, rejected, list: q };
};
