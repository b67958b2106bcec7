/** POST /api/backup: a consistent copy of the workbench under data/backups/, taken while the server runs. Admin only. */
import { json } from '@sveltejs/kit';
import { host } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { api } from '$lib/server/http/api';
import { backupNow } from '$lib/server/workbench/accounts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals }) =>
	api(async () => {
		const user = authorize(locals.user, 'backup');
		return json(await backupNow(await host(), user.username), { status: 201 });
	});
