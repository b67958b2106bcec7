/** The session cookie: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS, as long as a session may live. */
import type { Cookies } from '@sveltejs/kit';
import { ABSOLUTE_MS, COOKIE } from '../workbench/sessions.js';

export function setSessionCookie(cookies: Cookies, url: URL, token: string) {
	cookies.set(COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: Math.floor(ABSOLUTE_MS() / 1000) });
}

export function clearSessionCookie(cookies: Cookies, url: URL) {
	cookies.delete(COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}
