/** PATCH /api/users/{name} {"role","agency_id"} | {"disabled"} | {"password"}: one change to an account. Admin only. */
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { host } from '$lib/server/db';
import { authorize, ROLES } from '$lib/server/auth/roles';
import { api, BadInput, body } from '$lib/server/http/api';
import { hashPassword, passwordProblem } from '$lib/server/auth/password';
import { runCommand } from '$lib/server/workbench/accounts';
import { Username } from '$lib/server/workbench/users';
import type { RequestHandler } from './$types';

const Change = z.union([
	z.object({ role: z.enum(ROLES), agency_id: z.number().int().positive().nullable().default(null) }),
	z.object({ disabled: z.boolean() }),
	z.object({ password: z.string().max(1000) })
]);

export const PATCH: RequestHandler = (event) =>
	api(async () => {
		const user = authorize(event.locals.user, 'manage_users');
		const name = Username.safeParse(event.params.username);
		if (!name.success) throw new BadInput('用户名无效');
		const username = name.data;
		const change = await body(event, Change);
		const h = await host();
		if ('role' in change) return json(await runCommand(h, user.username, { cmd: 'role', username, role: change.role, agency_id: change.agency_id }));
		if ('disabled' in change) return json(await runCommand(h, user.username, { cmd: change.disabled ? 'disable' : 'enable', username }));
		const problem = passwordProblem(change.password);
		if (problem) throw new BadInput(problem);
		return json(await runCommand(h, user.username, { cmd: 'passwd', username, password_hash: await hashPassword(change.password) }));
	});
