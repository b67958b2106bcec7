/** Accounts: who may sign in, with which role, for which agency. Every change audited. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { select } from '../db.js';
import { ROLES, type Role } from '../auth/roles.js';
import { AgencyIdParam } from '../../report/ids.js';
import { audit } from './audit.js';

export const Username = z
	.string()
	.trim()
	.min(2, '用户名至少 2 个字符')
	.max(40, '用户名最多 40 个字符')
	.regex(/^[\p{L}\p{N}_.@-]+$/u, '用户名只能包含文字、数字和 _ . @ -');

export const NewUser = z
	.object({
		username: Username,
		role: z.enum(ROLES, { message: '角色应为 admin、reviewer、viewer 或 agency' }),
		agency_id: AgencyIdParam.nullable()
	})
	.refine((u) => (u.role === 'agency') === (u.agency_id !== null), { message: '单位账号须指定所属单位（--agency），其他角色不指定', path: ['agency_id'] });
export type NewUser = z.infer<typeof NewUser>;

export const UserRow = z.object({
	id: z.number().int(),
	username: z.string(),
	role: z.enum(ROLES),
	agency_id: z.number().int().nullable(),
	disabled: z.boolean(),
	created_at: z.coerce.string()
});
export type UserRow = z.infer<typeof UserRow>;

const SELECT_USER = `SELECT id, username, role, agency_id, disabled, strftime(created_at, '%Y-%m-%d %H:%M') AS created_at FROM wb.users`;

export function listUsers(c: DuckDBConnection) {
	return select(c, UserRow, `${SELECT_USER} ORDER BY username`);
}

export async function userByName(c: DuckDBConnection, username: string): Promise<UserRow | null> {
	return (await select(c, UserRow, `${SELECT_USER} WHERE username = $username`, { username }))[0] ?? null;
}

/** What a login checks: the stored hash, and whether the account may sign in. */
export async function credentials(c: DuckDBConnection, username: string) {
	const Row = UserRow.extend({ password_hash: z.string() });
	return (await select(c, Row, `${SELECT_USER.replace(' FROM', ', password_hash FROM')} WHERE username = $username`, { username }))[0] ?? null;
}

export class UserError extends Error {}

/** A new or changed account as it must be, or a UserError saying what is wrong (in Chinese). */
export function checkedUser(u: NewUser): NewUser {
	const r = NewUser.safeParse(u);
	if (!r.success) throw new UserError(r.error.issues.map((i) => i.message).join('；'));
	return r.data;
}

/** The writes, each in the caller's transaction (Host.write), each leaving an audit row. */
export async function addUser(c: DuckDBConnection, actor: string, u: NewUser, passwordHash: string): Promise<UserRow> {
	if (await userByName(c, u.username)) throw new UserError(`用户「${u.username}」已存在`);
	await c.run(
		`INSERT INTO wb.users SELECT coalesce(max(id), 0) + 1, $username, $role, $agency, $hash, false, now()::TIMESTAMP, now()::TIMESTAMP FROM wb.users`,
		{ username: u.username, role: u.role, agency: u.agency_id, hash: passwordHash } as never
	);
	const after = (await userByName(c, u.username))!;
	await audit(c, { actor, action: 'user.add', target: u.username, after: { role: after.role, agency_id: after.agency_id } });
	return after;
}

async function existing(c: DuckDBConnection, username: string): Promise<UserRow> {
	const u = await userByName(c, username);
	if (!u) throw new UserError(`没有用户「${username}」`);
	return u;
}

export async function setDisabled(c: DuckDBConnection, actor: string, username: string, disabled: boolean): Promise<UserRow> {
	const before = await existing(c, username);
	await c.run('UPDATE wb.users SET disabled = $disabled, updated_at = now()::TIMESTAMP WHERE id = $id', { disabled, id: before.id } as never);
	if (disabled) await c.run('UPDATE wb.sessions SET revoked_at = now()::TIMESTAMP WHERE user_id = $id AND revoked_at IS NULL', { id: before.id } as never);
	await audit(c, { actor, action: disabled ? 'user.disable' : 'user.enable', target: username, before: { disabled: before.disabled }, after: { disabled } });
	return { ...before, disabled };
}

export async function setRole(c: DuckDBConnection, actor: string, username: string, role: Role, agencyId: number | null): Promise<UserRow> {
	const before = await existing(c, username);
	checkedUser({ username, role, agency_id: agencyId });
	await c.run('UPDATE wb.users SET role = $role, agency_id = $agency, updated_at = now()::TIMESTAMP WHERE id = $id', {
		role,
		agency: agencyId,
		id: before.id
	} as never);
	// Whoever held the old role holds no session under it.
	await c.run('UPDATE wb.sessions SET revoked_at = now()::TIMESTAMP WHERE user_id = $id AND revoked_at IS NULL', { id: before.id } as never);
	await audit(c, {
		actor,
		action: 'user.role',
		target: username,
		before: { role: before.role, agency_id: before.agency_id },
		after: { role, agency_id: agencyId }
	});
	return { ...before, role, agency_id: agencyId };
}

export async function setPassword(c: DuckDBConnection, actor: string, username: string, passwordHash: string) {
	const before = await existing(c, username);
	await c.run('UPDATE wb.users SET password_hash = $hash, updated_at = now()::TIMESTAMP WHERE id = $id', { hash: passwordHash, id: before.id } as never);
	await c.run('UPDATE wb.sessions SET revoked_at = now()::TIMESTAMP WHERE user_id = $id AND revoked_at IS NULL', { id: before.id } as never);
	// The hash is never logged, not even before and after.
	await audit(c, { actor, action: 'user.passwd', target: username });
}
