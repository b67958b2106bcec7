/** POST /api/findings/review {"ids":[…],"state","note"}: several findings reviewed at once (a filtered list). */
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { host } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { api, body } from '$lib/server/http/api';
import { FindingId, MAX_BULK, Review, reviewFindings } from '$lib/server/workbench/decisions';
import type { RequestHandler } from './$types';

const Bulk = Review.extend({ ids: z.array(FindingId).min(1).max(MAX_BULK) });

export const POST: RequestHandler = (event) =>
	api(async () => {
		const user = authorize(event.locals.user, 'review');
		const { ids, ...review } = await body(event, Bulk, 128 * 1024);
		return json(await reviewFindings(await host(), user, ids, review));
	});
