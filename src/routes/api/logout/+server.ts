/** POST /api/logout: revokes the session. */
import { json } from '@sveltejs/kit';
import { host } from '$lib/server/db';
import { api, apiError } from '$lib/server/http/api';
import { clearSessionCookie } from '$lib/server/http/cookies';
import { COOKIE, revokeSession } from '$lib/server/workbench/sessions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	api(async () => {
		const token = event.cookies.get(COOKIE);
		if (!event.locals.user || !token) return apiError(401, '请先登录');
		await revokeSession(await host(), token, event.locals.user.username);
		clearSessionCookie(event.cookies, event.url);
		return json({ ok: true });
	});
