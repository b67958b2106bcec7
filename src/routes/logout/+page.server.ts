import { redirect } from '@sveltejs/kit';
import { host } from '$lib/server/db';
import { clearSessionCookie } from '$lib/server/http/cookies';
import { COOKIE, revokeSession } from '$lib/server/workbench/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

/** 退出: the header's form posts here; the session is revoked, not only forgotten by the browser. */
export const actions: Actions = {
	default: async ({ cookies, locals, url }) => {
		const token = cookies.get(COOKIE);
		if (token && locals.user) await revokeSession(await host(), token, locals.user.username);
		clearSessionCookie(cookies, url);
		redirect(303, '/');
	}
};
