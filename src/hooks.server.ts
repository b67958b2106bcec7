/**
 * Every request: who is signed in (the session cookie → locals.user), and, when the install is
 * not public (NIANBAO_PUBLIC=0), nothing but the login without an account. Permissions beyond
 * that are asked for by each endpoint and action (lib/server/auth/roles.ts).
 */
import { json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { DerivedOutdated, host } from '$lib/server/db';
import { isPublic } from '$lib/server/auth/roles';
import { COOKIE, sessionUser } from '$lib/server/workbench/sessions';
import { startControl } from '$lib/server/workbench/control';
import { secureEveryResponse, withSecurityHeaders } from '$lib/server/http/headers';
import { endWithServer } from '$lib/server/lifecycle';
import { failInterrupted } from '$lib/server/workbench/uploads';
import { closeParsers, sweepStaging } from '$lib/server/uploads/service';
import { stopIngests } from '$lib/server/ingest-queue';
import { cacheableRequest, ResponseCache } from '$lib/server/http/response-cache';
import { watchSeason } from '$lib/server/season-watch';

/** The server holds the workbench: `npm run user` reaches it through the control socket. */
export const init: ServerInit = async () => {
	secureEveryResponse();
	const h = await host();
	endWithServer(await startControl(h), () => {
		closeParsers();
		stopIngests();
	});
	// An upload whose ingest was running when the server stopped did not land: failed, retryable.
	await failInterrupted(h);
	// Previews never committed leave nothing behind for long.
	await sweepStaging(h);
	setInterval(() => void sweepStaging(h).catch(() => {}), 3600_000).unref();
	// A deadline passing makes reports missing: the checks run again (season-watch.ts).
	watchSeason(h);
};

/** What anyone may reach on a closed install: the login itself. */
const OPEN = ['/login', '/api/login'];

export const handle: Handle = async (input) => withSecurityHeaders(await authenticate(input));

/** An unexpected error says only 出错了, except derived data of another version: the reader is told how it is fixed. */
export const handleError: HandleServerError = ({ error, status }) => {
	if (error instanceof DerivedOutdated) return { message: error.message };
	// A page that is not there is the asker's mistake, not the server's: said in Chinese, not logged.
	if (status === 404) return { message: '没有这个页面，请检查网址。' };
	console.error(error);
	return { message: '服务器出错了，请稍后再试；问题已记录。' };
};

const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(COOKIE);
	event.locals.user = token ? await sessionUser(await host(), token) : null;
	const path = event.url.pathname;
	if (!event.locals.user && !isPublic() && !OPEN.includes(path)) {
		if (path.startsWith('/api/')) return json({ error: '请先登录' }, { status: 401 });
		// A response, not a thrown redirect: it passes through withSecurityHeaders too.
		return new Response(null, { status: 303, headers: { location: `/login?next=${encodeURIComponent(path + event.url.search)}` } });
	}
	if (!cacheableRequest(event)) return resolve(event);
	const h = await host();
	// The request's own URL, not event.url: a page's data (`/x/__data.json?x-sveltekit-invalidated=…`) is another answer than its HTML.
	const requested = new URL(event.request.url);
	const keyNow = () => `${event.request.method} ${requested.pathname}${requested.search}|${h.dataGeneration()}`;
	return anonymousPages.serve(
		keyNow(),
		async () => resolve(event),
		(key) => key === keyNow()
	);
};

/** Pages as readers without an account get them, kept per data generation (response-cache.ts). */
const anonymousPages = new ResponseCache();
