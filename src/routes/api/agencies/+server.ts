/**
 * GET /api/agencies?q=NAME: the registry's agencies whose name or alias contains q, at most 20:
 * `[{"id","name","level","region"}]` (an upload's preview picks from them). Reading, as the dashboard.
 */
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { authorize } from '$lib/server/auth/roles';
import { api, BadInput } from '$lib/server/http/api';
import { searchRegistry } from '$lib/server/queries/search';
import type { RequestHandler } from './$types';

const Query = z.object({ q: z.string().max(50, '查询词不超过 50 个字') });

export const GET: RequestHandler = ({ locals, url }) =>
	api(async () => {
		authorize(locals.user, 'read');
		const q = Query.safeParse({ q: url.searchParams.get('q') ?? '' });
		if (!q.success) throw new BadInput(q.error.issues[0].message);
		return json(await searchRegistry(q.data.q));
	});
