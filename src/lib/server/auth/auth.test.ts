import { describe, expect, it } from 'vitest';
import { MAX_FAILURES, Throttle, WINDOW_MS } from './throttle.js';
import { can, type SessionUser } from './roles.js';
import { setSessionCookie } from '../http/cookies.js';

describe('login throttling', () => {
	it('stops an account after its failures, and an address after its own, until the window moves on', () => {
		let now = 1_000_000;
		const t = new Throttle(() => now);
		for (let i = 0; i < MAX_FAILURES.account; i++) t.reserve('wang', '10.0.0.1');
		expect(t.waitFor('wang', '10.0.0.2')).toBeGreaterThan(0);
		expect(t.waitFor('li', '10.0.0.2')).toBe(0);
		// An address trying many accounts.
		for (let i = 0; i < MAX_FAILURES.address; i++) t.reserve(`user${i}`, '10.0.0.9');
		expect(t.waitFor('someone-else', '10.0.0.9')).toBeGreaterThan(0);
		now += WINDOW_MS + 1;
		expect(t.waitFor('wang', '10.0.0.1')).toBe(0);
		expect(t.waitFor('someone-else', '10.0.0.9')).toBe(0);
	});

	it('forgets an account’s failures when it signs in', () => {
		const t = new Throttle();
		for (let i = 0; i < MAX_FAILURES.account - 1; i++) t.reserve('wang', 'a');
		t.forgive('wang', 'a', t.reserve('wang', 'a'));
		t.reserve('wang', 'a');
		expect(t.waitFor('wang', 'b')).toBe(0);
	});

	it('counts guesses sent together: each is reserved before its password is checked', async () => {
		const { login } = await import('./login.js');
		const { host, resetHost } = await import('../db.js');
		await resetHost();
		const h = await host();
		const results = await Promise.all(Array.from({ length: 40 }, () => login(h, 'nobody-here', 'guess', '10.1.1.1')));
		const checked = results.filter((r) => 'failed' in r && r.failed === 'invalid').length;
		expect(checked).toBe(MAX_FAILURES.account);
		expect(results.filter((r) => 'failed' in r && r.failed === 'throttled')).toHaveLength(40 - MAX_FAILURES.account);
		await resetHost();
	});
});

describe('roles', () => {
	const user = (role: SessionUser['role'], agency_id: number | null = null): SessionUser => ({ id: 1, username: 'x', role, agency_id });
	it('grant each role its actions, and an agency account only its own agency’s', () => {
		expect(can(null, 'read')).toBe(true);
		expect(can(null, 'review')).toBe(false);
		expect(can(user('viewer'), 'review')).toBe(false);
		expect(can(user('reviewer'), 'review')).toBe(true);
		expect(can(user('reviewer'), 'manage_users')).toBe(false);
		expect(can(user('admin'), 'manage_users')).toBe(true);
		expect(can(user('agency', 7), 'reply', 7)).toBe(true);
		expect(can(user('agency', 7), 'reply', 8)).toBe(false);
		expect(can(user('agency', 7), 'reply', null)).toBe(false);
		expect(can(user('agency', 7), 'review')).toBe(false);
	});
	it('let reviewers and admins, and no one else, manage the registry (单位名录)', () => {
		expect([null, user('viewer'), user('agency', 7), user('reviewer'), user('admin')].map((u) => can(u, 'manage_registry'))).toEqual([
			false,
			false,
			false,
			true,
			true
		]);
		expect(can(user('agency', 7), 'manage_registry', 7)).toBe(false);
	});
	it('close the dashboard to anyone without an account when NIANBAO_PUBLIC=0', () => {
		process.env.NIANBAO_PUBLIC = '0';
		try {
			expect(can(null, 'read')).toBe(false);
			expect(can(user('viewer'), 'read')).toBe(true);
		} finally {
			delete process.env.NIANBAO_PUBLIC;
		}
	});
});

describe('the session cookie', () => {
	it('is HttpOnly and SameSite=Lax, and Secure behind HTTPS', () => {
		const set: [string, string, Record<string, unknown>][] = [];
		const cookies = { set: (n: string, v: string, o: Record<string, unknown>) => set.push([n, v, o]) } as never;
		setSessionCookie(cookies, new URL('http://127.0.0.1:3000/'), 't1');
		setSessionCookie(cookies, new URL('https://gov.example/'), 't2');
		expect(set[0][2]).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false, path: '/' });
		expect(set[1][2]).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: true });
	});
});
