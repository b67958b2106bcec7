import { fail, redirect } from '@sveltejs/kit';
import { host } from '$lib/server/db';
import { LOGIN_FAILED, THROTTLED, login } from '$lib/server/auth/login';
import { addressOf } from '$lib/server/http/api';
import { setSessionCookie } from '$lib/server/http/cookies';
import { nextOf } from '$lib/server/http/next';
import type { Actions, PageServerLoad } from './$types';
import { formOf } from '$lib/server/http/bounded';

export const load: PageServerLoad = ({ locals, url }) => ({ signedIn: locals.user?.username ?? null, next: nextOf(url) });

export const actions: Actions = {
	default: async (event) => {
		const form = await formOf(event.request);
		const username = String(form.get('username') ?? '').slice(0, 100);
		const password = String(form.get('password') ?? '').slice(0, 1000);
		const r = await login(await host(), username, password, addressOf(event));
		if ('failed' in r) return fail(r.failed === 'throttled' ? 429 : 401, { username, error: r.failed === 'throttled' ? THROTTLED : LOGIN_FAILED });
		setSessionCookie(event.cookies, event.url, r.token);
		redirect(303, nextOf(event.url));
	}
};
