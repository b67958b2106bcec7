import { z } from 'zod';
import { MetricKeySchema } from '$lib/filters';
import { AgencyIdParam } from '$lib/report/ids';
import { qualityRanking } from '$lib/server/queries/quality';
import { metricByYear, outcomesByAgency, ranking, sideBySide, volumeVsDisclosure } from '$lib/server/queries/compare';
import type { PageServerLoad } from './$types';

/** 2–5 agencies side by side: ids that are not agency ids are left out. */
const Ids = z
	.string()
	.max(200)
	.transform((s) => s.split(',').flatMap((x) => AgencyIdParam.safeParse(x).data ?? []))
	.pipe(z.array(z.number()).max(5))
	.catch([]);

export const load: PageServerLoad = async ({ parent, url }) => {
	const { scope } = await parent();
	const metric = MetricKeySchema.catch('new_received').parse(url.searchParams.get('metric') ?? undefined);
	const ids = Ids.parse(url.searchParams.get('ids') ?? '');
	const [ranked, shares, heat, scatter, side, quality] = await Promise.all([
		ranking(scope, metric),
		outcomesByAgency(scope),
		metricByYear(scope, metric),
		volumeVsDisclosure(scope),
		sideBySide(scope, ids),
		qualityRanking(scope)
	]);
	return { metric, ids, ranked, shares, heat, scatter, side, quality };
};
