/** GET /api/audit?actor=&action=&target=&limit=: the audit log, newest first. Admin only. */
import { json } from '@sveltejs/kit';
import { host } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { api } from '$lib/server/http/api';
import { listAudit } from '$lib/server/workbench/audit';
import { AuditQuery } from '$lib/server/workbench/audit-query';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) =>
	api(async () => {
		authorize(locals.user, 'read_audit');
		const f = AuditQuery.parse(Object.fromEntries(url.searchParams));
		return json(await (await host()).read((c) => listAudit(c, f)));
	});
