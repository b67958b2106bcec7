/** GET /api/users: the accounts; POST /api/users {"username","role","agency_id","password"}: a new one. Admin only. */
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { host } from '$lib/server/db';
import { authorize, ROLES } from '$lib/server/auth/roles';
import { api, BadInput, body } from '$lib/server/http/api';
import { hashPassword, passwordProblem } from '$lib/server/auth/password';
import { runCommand } from '$lib/server/workbench/accounts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	api(async () => {
		const user = authorize(locals.user, 'manage_users');
		return json(await runCommand(await host(), user.username, { cmd: 'list' }));
	});

const New = z.object({
	username: z.string().max(100),
	role: z.enum(ROLES),
	agency_id: z.number().int().positive().nullable().default(null),
	password: z.string().max(1000)
});

export const POST: RequestHandler = (event) =>
	api(async () => {
		const user = authorize(event.locals.user, 'manage_users');
		const u = await body(event, New);
		const problem = passwordProblem(u.password);
		if (problem) throw new BadInput(problem);
		const out = await runCommand(await host(), user.username, {
			cmd: 'add',
			username: u.username,
			role: u.role,
			agency_id: u.agency_id,
			password_hash: await hashPassword(u.password)
		});
		return json(out, { status: 201 });
	});
