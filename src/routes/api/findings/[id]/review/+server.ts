/** POST /api/findings/{id}/review {"state","note"}: a reviewer's decision (dismissed needs a note); returns the finding with its state. */
import { json } from '@sveltejs/kit';
import { host } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { api, BadInput, body } from '$lib/server/http/api';
import { FindingId, Review, reviewFindings } from '$lib/server/workbench/decisions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	api(async () => {
		const user = authorize(event.locals.user, 'review');
		const id = FindingId.safeParse(event.params.id);
		if (!id.success) throw new BadInput('问题编号无效');
		const [f] = await reviewFindings(await host(), user, [id.data], await body(event, Review));
		return json(f);
	});
