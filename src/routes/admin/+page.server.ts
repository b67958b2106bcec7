/** 用户与日志 (admin only): accounts added, re-roled, disabled; backups; the audit log, filtered. */
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { host } from '$lib/server/db';
import { authorize, ROLES } from '$lib/server/auth/roles';
import { hashPassword, passwordProblem } from '$lib/server/auth/password';
import { backupNow, runCommand, type Command } from '$lib/server/workbench/accounts';
import { listAudit } from '$lib/server/workbench/audit';
import { AuditQuery } from '$lib/server/workbench/audit-query';
import { listUsers, UserError } from '$lib/server/workbench/users';
import { agencyNamesOf } from '$lib/server/queries/agency';
import type { Actions, PageServerLoad } from './$types';
import { formOf } from '$lib/server/http/bounded';

export const load: PageServerLoad = async ({ locals, url }) => {
	authorize(locals.user, 'manage_users');
	const filter = AuditQuery.parse(Object.fromEntries(url.searchParams));
	const h = await host();
	const [users, log] = await Promise.all([h.read(listUsers), h.read((c) => listAudit(c, filter))]);
	// 所属单位 by name, not by number.
	const ids = [...new Set(users.flatMap((u) => (u.agency_id === null ? [] : [u.agency_id])))];
	const agencyNames = Object.fromEntries((await agencyNamesOf(ids)).map((a) => [a.id, a.name]));
	return { users, log, filter, agencyNames };
};

const Agency = z.preprocess((v) => (v === '' || v === null ? null : Number(v)), z.number().int().positive().nullable());
const Form = {
	add: z.object({ username: z.string().max(100), role: z.enum(ROLES), agency_id: Agency, password: z.string().max(1000) }),
	role: z.object({ username: z.string().max(100), role: z.enum(ROLES), agency_id: Agency }),
	toggle: z.object({ username: z.string().max(100), disabled: z.enum(['true', 'false']) })
};

/** One admin action: the form checked, the command run as the signed-in admin, its refusal said on the page. */
async function act(event: Parameters<Actions[string]>[0], build: (form: Record<string, FormDataEntryValue>) => Promise<Command | string>) {
	const user = authorize(event.locals.user, 'manage_users');
	const form = Object.fromEntries(await formOf(event.request));
	try {
		const command = await build(form);
		if (typeof command === 'string') return fail(400, { error: command });
		await runCommand(await host(), user.username, command);
		return { done: true };
	} catch (e) {
		if (e instanceof UserError || e instanceof z.ZodError)
			return fail(400, { error: e instanceof z.ZodError ? e.issues.map((i) => i.message).join('；') : e.message });
		throw e;
	}
}

export const actions: Actions = {
	add: (event) =>
		act(event, async (form) => {
			const u = Form.add.parse(form);
			return (
				passwordProblem(u.password) ?? { cmd: 'add', username: u.username, role: u.role, agency_id: u.agency_id, password_hash: await hashPassword(u.password) }
			);
		}),
	role: (event) =>
		act(event, async (form) => {
			const u = Form.role.parse(form);
			return { cmd: 'role', username: u.username, role: u.role, agency_id: u.agency_id };
		}),
	toggle: (event) =>
		act(event, async (form) => {
			const u = Form.toggle.parse(form);
			return { cmd: u.disabled === 'true' ? 'enable' : 'disable', username: u.username };
		}),
	backup: async ({ locals }) => {
		const user = authorize(locals.user, 'backup');
		return { backup: (await backupNow(await host(), user.username)).file };
	}
};
