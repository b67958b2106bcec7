/**
 * Signing in: one answer for every failure (no such user, wrong password, disabled), the same
 * time spent on each (a missing user's password is checked against a hash no password matches),
 * and failures throttled per account and per address (auth/throttle.ts).
 */
import type { Host } from '../db.js';
import { credentials } from '../workbench/users.js';
import { createSession } from '../workbench/sessions.js';
import { audit } from '../workbench/audit.js';
import { MAX_PASSWORD_LENGTH, NO_USER_HASH, verifyPassword } from './password.js';
import { Throttle } from './throttle.js';
import type { SessionUser } from './roles.js';

export const LOGIN_FAILED = '用户名或密码错误';
export const THROTTLED = '登录失败次数过多，请稍后再试';

const throttles = new WeakMap<Host, Throttle>();
const throttleOf = (h: Host) => throttles.get(h) ?? throttles.set(h, new Throttle()).get(h)!;

export type LoginResult = { token: string; user: SessionUser } | { failed: 'invalid' } | { failed: 'throttled'; retryAfterS: number };

export async function login(h: Host, username: string, password: string, address: string): Promise<LoginResult> {
	const throttle = throttleOf(h);
	const account = username.trim().slice(0, 100);
	const wait = throttle.waitFor(account, address);
	if (wait > 0) return { failed: 'throttled', retryAfterS: Math.ceil(wait / 1000) };
	// Counted before the check, in the same turn as the wait above: guesses sent together are each counted.
	const guess = throttle.reserve(account, address);
	const found = account ? await h.read((c) => credentials(c, account)) : null;
	const ok = (await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH + 1), found?.password_hash ?? NO_USER_HASH)) && !!found && !found.disabled;
	if (!ok || !found) {
		// A failed login changes nothing a cached answer reads (a flood of them must not empty the caches).
		await h.write((c) => audit(c, { actor: account || '(空)', action: 'login.failed', target: account, after: { address } }), { keepsAnswers: true });
		return { failed: 'invalid' };
	}
	throttle.forgive(account, address, guess);
	const user: SessionUser = { id: found.id, username: found.username, role: found.role, agency_id: found.agency_id };
	return { token: await createSession(h, user, address), user };
}
