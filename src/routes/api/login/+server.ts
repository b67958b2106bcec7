/** POST /api/login {"username","password"}: sets the session cookie; 401 with one message for any failure; 429 when throttled. */
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { host } from '$lib/server/db';
import { LOGIN_FAILED, THROTTLED, login } from '$lib/server/auth/login';
import { addressOf, api, apiError, body } from '$lib/server/http/api';
import { setSessionCookie } from '$lib/server/http/cookies';
import type { RequestHandler } from './$types';

const Credentials = z.object({ username: z.string().max(100), password: z.string().max(1000) });

export const POST: RequestHandler = (event) =>
	api(async () => {
		const { username, password } = await body(event, Credentials);
		const r = await login(await host(), username, password, addressOf(event));
		if ('failed' in r) {
			return r.failed === 'throttled' ? apiError(429, THROTTLED, { 'retry-after': String(r.retryAfterS) }) : apiError(401, LOGIN_FAILED);
		}
		setSessionCookie(event.cookies, event.url, r.token);
		return json({ user: r.user });
	});
