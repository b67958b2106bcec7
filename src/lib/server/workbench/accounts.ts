/**
 * What can be done to accounts and to the workbench as a whole, as commands: the admin page, the
 * JSON API and `npm run user` (directly, or through a running server's control socket) all run
 * these, so each is checked and audited the same way whoever asks.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Host } from '../db.js';
import { ROLES } from '../auth/roles.js';
import { AgencyIdParam } from '../../report/ids.js';
import { UserError, Username, checkedUser, addUser, listUsers, setDisabled, setPassword, setRole, type UserRow } from './users.js';
import { forgetSessions } from './sessions.js';
import { audit } from './audit.js';

const Hash = z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);

export const Command = z.discriminatedUnion('cmd', [
	z.object({ cmd: z.literal('add'), username: Username, role: z.enum(ROLES), agency_id: AgencyIdParam.nullable(), password_hash: Hash }),
	z.object({ cmd: z.literal('list') }),
	z.object({ cmd: z.literal('disable'), username: Username }),
	z.object({ cmd: z.literal('enable'), username: Username }),
	z.object({ cmd: z.literal('passwd'), username: Username, password_hash: Hash }),
	z.object({ cmd: z.literal('role'), username: Username, role: z.enum(ROLES), agency_id: AgencyIdParam.nullable() }),
	z.object({ cmd: z.literal('backup'), file: z.string().min(1).max(4096) })
]);
export type Command = z.infer<typeof Command>;

export type Outcome = { users: UserRow[] } | { user: UserRow } | { ok: true; file?: string };

export async function runCommand(h: Host, actor: string, command: Command): Promise<Outcome> {
	switch (command.cmd) {
		case 'list':
			return { users: await h.read(listUsers) };
		case 'add': {
			const u = checkedUser(command);
			await agencyMustExist(h, u.agency_id);
			return { user: await h.write((c) => addUser(c, actor, u, command.password_hash)) };
		}
		case 'role':
			await agencyMustExist(h, command.agency_id);
			return changed(h, { user: await h.write((c) => setRole(c, actor, command.username, command.role, command.agency_id)) });
		case 'disable':
		case 'enable':
			return changed(h, { user: await h.write((c) => setDisabled(c, actor, command.username, command.cmd === 'disable')) });
		case 'passwd':
			await h.write((c) => setPassword(c, actor, command.username, command.password_hash));
			return changed(h, { ok: true });
		case 'backup':
			return { ok: true, file: await backupWorkbench(h, actor, command.file) };
	}
}

function changed<T>(h: Host, out: T): T {
	forgetSessions(h);
	return out;
}

/** An agency account must speak for an agency the derived database knows (when there is one to ask). */
async function agencyMustExist(h: Host, agencyId: number | null) {
	if (agencyId === null || !h.generation()) return;
	const found = await h.read(async (c) => (await c.runAndReadAll('SELECT 1 FROM derived.agencies WHERE id = $1', [agencyId])).getRows().length > 0);
	if (!found) throw new UserError(`没有编号为 ${agencyId} 的单位`);
}

/**
 * A consistent copy of the workbench, taken while the server runs: DuckDB copies every table
 * in one transaction, between writes (which wait). Restoring is copying the file back while the
 * server is stopped (README, "Backup and restore").
 */
export async function backupWorkbench(h: Host, actor: string, file: string): Promise<string> {
	const target = path.resolve(file);
	if (existsSync(target)) throw new UserError(`备份文件已存在：${target}`);
	await h.write(async (c) => {
		await audit(c, { actor, action: 'backup', target });
	});
	await h.write(async (c) => {
		await c.run('COMMIT'); // ATTACH and COPY FROM DATABASE run outside a transaction
		try {
			await c.run(`ATTACH '${target.replaceAll("'", "''")}' AS backup`);
			await c.run('COPY FROM DATABASE wb TO backup');
		} catch (e) {
			await rm(target, { force: true });
			throw e;
		} finally {
			await c.run('DETACH DATABASE IF EXISTS backup').catch(() => {});
			await c.run('BEGIN TRANSACTION');
		}
	});
	return target;
}

/** A backup named for its time, beside the workbench in backups/ (the admin's button: no path from the browser). */
export async function backupNow(h: Host, actor: string): Promise<{ file: string }> {
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
	const dir = path.join(path.dirname(h.workbench), 'backups');
	await mkdir(dir, { recursive: true });
	return { file: await backupWorkbench(h, actor, path.join(dir, `workbench-${stamp}-${process.hrtime.bigint() % 1000n}.duckdb`)) };
}
