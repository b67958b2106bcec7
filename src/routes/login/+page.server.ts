import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { host } from '$lib/server/db';
import { LOGIN_FAILED, THROTTLED, login } from '$lib/server/auth/login';
import { addressOf } from '$lib/server/http/api';
import { setSessionCookie } from '$lib/server/http/cookies';
import type { Actions, PageServerLoad } from './$types';

/**
 * Where to go after signing in: a path of this site only (never another origin): no `//` or
 * `/\` start, and no whitespace or control character anywhere (browsers drop a tab or a line
 * break from a URL, which would make `/<tab>/host` a link to another site); percent-encoded, as a
 * Location header must be (a path may be Chinese).
 */
const Next = z
	.string()
	.max(2000)
	// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
	.regex(/^\/(?![/\\])[^\s\\\u0000-\u001f\u007f]*$/)
	.catch('/');
function nextOf(url: URL): string {
	const target = new URL(Next.parse(url.searchParams.get('next') ?? '/'), url.origin);
	return target.origin === url.origin ? target.pathname + target.search + target.hash : '/';
}

export const load: PageServerLoad = ({ locals, url }) => ({ signedIn: locals.user?.username ?? null, next: nextOf(url) });

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const username = String(form.get('username') ?? '').slice(0, 100);
		const password = String(form.get('password') ?? '').slice(0, 1000);
		const r = await login(await host(), username, password, addressOf(event));
		if ('failed' in r) return fail(r.failed === 'throttled' ? 429 : 401, { username, error: r.failed === 'throttled' ? THROTTLED : LOGIN_FAILED });
		setSessionCookie(event.cookies, event.url, r.token);
		redirect(303, nextOf(event.url));
	}
};
