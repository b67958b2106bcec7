/**
 * The workbench: accounts and their audit rows, sessions that end, a backup taken while it is
 * open, and migrations that keep what is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Host } from '../db.js';
import { runCommand } from './accounts.js';
import { createSession, sessionUser, revokeSession, IDLE_MS, ABSOLUTE_MS } from './sessions.js';
import { listAudit } from './audit.js';
import { hashPassword, verifyPassword, NO_USER_HASH } from '../auth/password.js';
import { credentials } from './users.js';

let dir: string;
let h: Host;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-workbench-'));
	h = await Host.open({ workbench: path.join(dir, 'wb.duckdb') });
});
afterAll(async () => {
	h.close();
	await rm(dir, { recursive: true, force: true });
});

describe('passwords', () => {
	it('are stored as scrypt hashes with their parameters, salted, and verified in constant form', async () => {
		const a = await hashPassword('correct horse');
		const b = await hashPassword('correct horse');
		expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
		expect(a).not.toBe(b);
		expect(a).not.toContain('correct');
		expect(await verifyPassword('correct horse', a)).toBe(true);
		expect(await verifyPassword('correct hors', a)).toBe(false);
		expect(await verifyPassword('anything', NO_USER_HASH)).toBe(false);
	});
});

describe('accounts', () => {
	it('are added, listed, re-roled, disabled and given new passwords, each change audited without the hash', async () => {
		const hash = await hashPassword('secret-one');
		await runCommand(h, 'cli:root', { cmd: 'add', username: 'wang', role: 'reviewer', agency_id: null, password_hash: hash });
		await expect(runCommand(h, 'cli:root', { cmd: 'add', username: 'wang', role: 'viewer', agency_id: null, password_hash: hash })).rejects.toThrow(/已存在/);
		await expect(runCommand(h, 'cli:root', { cmd: 'add', username: 'li', role: 'agency', agency_id: null, password_hash: hash })).rejects.toThrow(/所属单位/);
		await runCommand(h, 'cli:root', { cmd: 'add', username: 'li', role: 'agency', agency_id: 3, password_hash: hash });
		await runCommand(h, 'admin', { cmd: 'role', username: 'wang', role: 'admin', agency_id: null });
		await runCommand(h, 'admin', { cmd: 'disable', username: 'li' });
		await runCommand(h, 'admin', { cmd: 'passwd', username: 'wang', password_hash: await hashPassword('secret-two') });
		const list = await runCommand(h, 'admin', { cmd: 'list' });
		expect('users' in list && list.users.map((u) => [u.username, u.role, u.agency_id, u.disabled])).toEqual([
			['li', 'agency', 3, true],
			['wang', 'admin', null, false]
		]);
		expect(await verifyPassword('secret-two', (await h.read((c) => credentials(c, 'wang')))!.password_hash)).toBe(true);
		const log = await h.read((c) => listAudit(c, {}));
		expect(log.map((e) => [e.actor, e.action, e.target])).toEqual([
			['admin', 'user.passwd', 'wang'],
			['admin', 'user.disable', 'li'],
			['admin', 'user.role', 'wang'],
			['cli:root', 'user.add', 'li'],
			['cli:root', 'user.add', 'wang']
		]);
		expect(log.find((e) => e.action === 'user.role')).toMatchObject({
			before: '{"role":"reviewer","agency_id":null}',
			after: '{"role":"admin","agency_id":null}'
		});
		expect(JSON.stringify(log)).not.toMatch(/scrypt/);
		expect((await h.read((c) => listAudit(c, { action: 'user.add' }))).length).toBe(2);
	});
});

describe('sessions', () => {
	it('stand for their user until revoked, idle too long, or too old; only the token’s hash is stored', async () => {
		await runCommand(h, 'cli:root', { cmd: 'add', username: 'zhao', role: 'viewer', agency_id: null, password_hash: await hashPassword('secret-three') });
		const user = { id: 0, username: 'zhao', role: 'viewer' as const, agency_id: null };
		user.id = ((await runCommand(h, 'x', { cmd: 'list' })) as { users: { id: number; username: string }[] }).users.find((u) => u.username === 'zhao')!.id;
		const token = await createSession(h, user, '127.0.0.1');
		const t0 = Date.now(); // after the session's start: t0 + ABSOLUTE is past its end
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const stored = await h.read(async (c) => (await c.runAndReadAll('SELECT token_hash FROM wb.sessions')).getRowsJS().flat());
		expect(stored).not.toContain(token);
		expect(await sessionUser(h, token, t0 + 1000)).toMatchObject({ username: 'zhao' });
		// Used within the idle time, again and again, until the absolute limit.
		let t = t0;
		while (t + IDLE_MS() / 2 < t0 + ABSOLUTE_MS()) {
			t += IDLE_MS() / 2;
			expect(await sessionUser(h, token, t), `at ${(t - t0) / 60000} min`).not.toBeNull();
		}
		expect(await sessionUser(h, token, t0 + ABSOLUTE_MS() + 1)).toBeNull();
		// Idle: another session, left alone.
		const idle = await createSession(h, user, '127.0.0.1');
		expect(await sessionUser(h, idle, Date.now() + IDLE_MS() + 1000)).toBeNull();
		// Revoked by logout, and by disabling the account.
		const a = await createSession(h, user, '127.0.0.1');
		await revokeSession(h, a, 'zhao');
		expect(await sessionUser(h, a)).toBeNull();
		const b = await createSession(h, user, '127.0.0.1');
		expect(await sessionUser(h, b)).not.toBeNull();
		await runCommand(h, 'admin', { cmd: 'disable', username: 'zhao' });
		expect(await sessionUser(h, b)).toBeNull();
		expect(await sessionUser(h, 'not-a-token')).toBeNull();
	});
});

describe('a backup', () => {
	it('is taken while the workbench is open and written to, and restoring it brings everything back', async () => {
		const file = path.join(dir, 'backup.duckdb');
		const writes = Array.from({ length: 20 }, async (_, i) =>
			runCommand(h, 'cli:root', { cmd: 'add', username: `u${i}`, role: 'viewer', agency_id: null, password_hash: await hashPassword(`password-${i}`) })
		);
		const [outcome] = await Promise.all([runCommand(h, 'admin', { cmd: 'backup', file }), ...writes]);
		expect(outcome).toMatchObject({ ok: true, file });
		await expect(runCommand(h, 'admin', { cmd: 'backup', file })).rejects.toThrow(/已存在/);
		// Restored: the file opened as a workbench.
		const restored = await Host.open({ workbench: file });
		try {
			const users = ((await runCommand(restored, 'x', { cmd: 'list' })) as { users: { username: string }[] }).users.map((u) => u.username);
			expect(users).toEqual(expect.arrayContaining(['wang', 'li', 'zhao']));
			// Consistent: each user it holds has its audit row.
			const added = (await restored.read((c) => listAudit(c, { action: 'user.add', limit: 1000 }))).map((e) => e.target);
			expect(users.every((u) => added.includes(u))).toBe(true);
		} finally {
			restored.close();
		}
	});
});
