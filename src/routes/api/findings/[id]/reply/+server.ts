/** POST /api/findings/{id}/reply {"text"}: an agency account's 说明 on its own finding (403 on another agency's). */
import { json } from '@sveltejs/kit';
import { host } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { api, BadInput, body } from '$lib/server/http/api';
import { FindingId, Reply, replyTo } from '$lib/server/workbench/decisions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	api(async () => {
		const user = authorize(event.locals.user, 'reply');
		const id = FindingId.safeParse(event.params.id);
		if (!id.success) throw new BadInput('问题编号无效');
		const { text } = await body(event, Reply);
		return json(await replyTo(await host(), user, id.data, text));
	});
