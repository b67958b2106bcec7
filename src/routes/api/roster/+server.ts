/**
 * GET /api/roster?region=&year=&level=&status=: who owes that year's report and what became of it
 * (queries/roster.ts): `{"region","year","review_year","as_of","owed","received","late","missing",
 * "pending","agencies":[{"id","name","level","region","status","due","published","published_source",
 * "days_late","report_id"}]}`; owed = received + missing (a late report is received, and counted
 * in late too; pending: owed, not yet due). Reading, as the dashboard.
 */
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { authorize } from '$lib/server/auth/roles';
import { api } from '$lib/server/http/api';
import { parseFilters } from '$lib/filters';
import { resolveScope } from '$lib/server/queries/scope';
import { rosterCounts, rosterEntries } from '$lib/server/queries/roster';
import { currentReviewYear, servedAsOf } from '$lib/server/queries/season';
import { ROSTER_STATUSES } from '$lib/report/season';
import type { RequestHandler } from './$types';

const Query = z.object({ status: z.enum(ROSTER_STATUSES).optional().catch(undefined) });

export const GET: RequestHandler = ({ locals, url }) =>
	api(async () => {
		authorize(locals.user, 'read');
		const scope = await resolveScope(parseFilters(url));
		const q = Query.parse(Object.fromEntries(url.searchParams));
		const [counts, agencies, review, asOf] = await Promise.all([
			rosterCounts(scope),
			rosterEntries(scope, { all: true, status: q.status }),
			currentReviewYear(),
			servedAsOf()
		]);
		const { owed, received, late, missing, pending } = counts;
		return json({
			region: scope.region,
			year: scope.year,
			review_year: review,
			as_of: asOf,
			owed,
			received,
			late,
			missing,
			pending,
			agencies
		});
	});
