import { error } from '@sveltejs/kit';
import { ReportIdParam } from '$lib/report/ids';
import { findingsOfReport } from '$lib/server/queries/findings';
import { reportCellsOf, reportMeta, reportSectionsOf, reportSourcesOf, reportWarningsOf } from '$lib/server/queries/report';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const id = ReportIdParam.safeParse(params.id);
	if (!id.success) error(404, '没有这份报告');
	const meta = await reportMeta(id.data);
	if (!meta) error(404, '没有这份报告');
	const [cells, sections, warnings, sources, findings] = await Promise.all([
		reportCellsOf(id.data),
		reportSectionsOf(id.data),
		reportWarningsOf(id.data),
		reportSourcesOf(id.data),
		findingsOfReport(id.data)
	]);
	return { meta, cells, sections, warnings, sources: sources.map((s, i) => ({ ...s, index: i, name: s.path.split('/').pop() })), findings };
};
