/**
 * Sessions: a cookie holding 32 random bytes; the workbench keeps only their sha256, so a copy
 * of the file signs no one in. A session ends when it is revoked (logout, the account disabled,
 * re-roled or given a new password), after IDLE without a request, or after ABSOLUTE whatever.
 *
 * A request's session is checked against a cache of the sessions seen (the workbench has one
 * writer, this process, which clears the cache of every change it makes), and its last use is
 * written back at most once a minute: signing in costs a request no query.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Host } from '../db.js';
import { select } from '../db.js';
import { ROLES, type SessionUser } from '../auth/roles.js';
import { audit } from './audit.js';

const minutes = (env: string | undefined, fallback: number) => (Number(env) > 0 ? Number(env) : fallback) * 60_000;
/** A session unused this long ends (NIANBAO_SESSION_IDLE_MINUTES, default 2 hours). */
export const IDLE_MS = () => minutes(process.env.NIANBAO_SESSION_IDLE_MINUTES, 120);
/** A session ends this long after sign-in, used or not (NIANBAO_SESSION_MAX_MINUTES, default 12 hours). */
export const ABSOLUTE_MS = () => minutes(process.env.NIANBAO_SESSION_MAX_MINUTES, 12 * 60);
const TOUCH_EVERY_MS = 60_000;
const MAX_CACHED = 10_000;

export const COOKIE = 'nianbao_session';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface Cached {
	user: SessionUser;
	created: number;
	lastSeen: number;
	written: number;
}

const caches = new WeakMap<Host, Map<string, Cached>>();
const cacheOf = (h: Host) => caches.get(h) ?? caches.set(h, new Map()).get(h)!;

/** After any change to accounts or sessions: the next request of each reads the workbench again. */
/** Sessions and their audit lines are read by no cached answer: signing in and out leaves the caches as they are. */
const SESSION_BOOKKEEPING = { keepsAnswers: true };

export function forgetSessions(h: Host) {
	cacheOf(h).clear();
}

export async function createSession(h: Host, user: SessionUser, address: string): Promise<string> {
	const token = randomBytes(32).toString('base64url');
	await h.write(async (c) => {
		await c.run(`INSERT INTO wb.sessions VALUES ($hash, $user, now()::TIMESTAMP, now()::TIMESTAMP, NULL, $address)`, {
			hash: hashToken(token),
			user: user.id,
			address
		} as never);
		await audit(c, { actor: user.username, action: 'login', target: user.username, after: { address } });
	}, SESSION_BOOKKEEPING);
	return token;
}

const SessionRow = z.object({
	id: z.number().int(),
	username: z.string(),
	role: z.enum(ROLES),
	agency_id: z.number().int().nullable(),
	created: z.number(),
	last_seen: z.number()
});

/** The user a session token stands for, now; null when there is none, or it has ended. */
export async function sessionUser(h: Host, token: string, now = Date.now()): Promise<SessionUser | null> {
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
	const key = hashToken(token);
	const cache = cacheOf(h);
	let s = cache.get(key);
	if (!s) {
		const [row] = await h.read((c) =>
			select(
				c,
				SessionRow,
				`SELECT u.id, u.username, u.role, u.agency_id, epoch_ms(s.created_at) AS created, epoch_ms(s.last_seen_at) AS last_seen
				 FROM wb.sessions s JOIN wb.users u ON u.id = s.user_id WHERE s.token_hash = $key AND s.revoked_at IS NULL AND NOT u.disabled`,
				{ key }
			)
		);
		if (!row) return null;
		s = {
			user: { id: row.id, username: row.username, role: row.role, agency_id: row.agency_id },
			created: row.created,
			lastSeen: row.last_seen,
			written: row.last_seen
		};
		if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
		cache.set(key, s);
	}
	if (now - s.created > ABSOLUTE_MS() || now - s.lastSeen > IDLE_MS()) {
		cache.delete(key);
		return null;
	}
	s.lastSeen = now;
	if (now - s.written > TOUCH_EVERY_MS) {
		s.written = now;
		// Off the request's path: a lost touch costs at most a minute of idle time.
		void h
			.write(
				(c) => c.run('UPDATE wb.sessions SET last_seen_at = make_timestamp($at * 1000) WHERE token_hash = $key', { at: now, key } as never),
				SESSION_BOOKKEEPING
			)
			.catch(() => {});
	}
	return s.user;
}

export async function revokeSession(h: Host, token: string, actor: string) {
	const key = hashToken(token);
	cacheOf(h).delete(key);
	await h.write(async (c) => {
		await c.run('UPDATE wb.sessions SET revoked_at = now()::TIMESTAMP WHERE token_hash = $key AND revoked_at IS NULL', { key } as never);
		await audit(c, { actor, action: 'logout', target: actor });
	}, SESSION_BOOKKEEPING);
}
