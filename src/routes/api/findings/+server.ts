/** GET /api/findings?year=&region=&level=&rule=&state=: the findings of a scope with their review state (notes for who may read them). */
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { authorize, readsNotes } from '$lib/server/auth/roles';
import { api } from '$lib/server/http/api';
import { parseFilters } from '$lib/filters';
import { resolveScope } from '$lib/server/queries/scope';
import { findingsInScope } from '$lib/server/queries/findings';
import { RULE_IDS } from '$lib/checks/rules';
import { REVIEW_STATES } from '$lib/review';
import type { RequestHandler } from './$types';

const Query = z.object({
	rule: z.enum(RULE_IDS).optional().catch(undefined),
	state: z
		.enum([...REVIEW_STATES, 'all'])
		.optional()
		.catch(undefined),
	limit: z.coerce.number().int().min(1).max(5000).optional().catch(undefined)
});

export const GET: RequestHandler = ({ locals, url }) =>
	api(async () => {
		authorize(locals.user, 'read');
		const scope = await resolveScope(parseFilters(url));
		const q = Query.parse(Object.fromEntries(url.searchParams));
		const rows = await findingsInScope(scope, { rule: q.rule, state: q.state ?? 'all', limit: q.limit ?? 5000 }, { notes: readsNotes(locals.user) });
		return json(
			rows.map(({ id, report_id, agency_id, agency, year, rule, severity, message, cells, state, note }) => ({
				id,
				report_id,
				agency_id,
				agency,
				year,
				rule,
				severity,
				message,
				cells,
				state,
				note
			}))
		);
	});
