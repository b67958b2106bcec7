import { z } from 'zod';
import { MetricKeySchema } from '$lib/filters';
import { AgencyIdParam } from '$lib/report/ids';
import { compareHeatmap } from '$lib/charts/defs/compare-heatmap';
import { compareQuality } from '$lib/charts/defs/compare-quality';
import { compareRanking } from '$lib/charts/defs/compare-ranking';
import { compareScatter } from '$lib/charts/defs/compare-scatter';
import { compareShares } from '$lib/charts/defs/compare-shares';
import { chartInput } from '$lib/server/charts/serve';
import { sideBySide } from '$lib/server/queries/compare';
import { rosterEntries } from '$lib/server/queries/roster';
import type { PageServerLoad } from './$types';

/** Missing agencies named on the page at most (the rest: /missing). */
const MISSING_LISTED = 100;

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
	const q = url.searchParams;
	const [ranking, quality, shares, scatter, heatmap, side, missing] = await Promise.all([
		chartInput(compareRanking, scope, q),
		chartInput(compareQuality, scope, q),
		chartInput(compareShares, scope, q),
		chartInput(compareScatter, scope, q),
		chartInput(compareHeatmap, scope, q),
		sideBySide(scope, ids),
		// Agencies that owe the year and sent nothing: named beside the comparison, never silently left out.
		rosterEntries(scope, { status: 'missing', limit: MISSING_LISTED + 1 })
	]);
	return {
		metric,
		ids,
		charts: { ranking, quality, shares, scatter, heatmap },
		side,
		missing: missing.slice(0, MISSING_LISTED),
		moreMissing: missing.length > MISSING_LISTED
	};
};
