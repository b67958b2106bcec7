/**
 * GET /api/registry/ingests/{id}: how the ingest a registry change asked for goes —
 * `{"id","state":"queued"|"ingesting"|"done"|"failed","progress":0..1,"summary","error"}` (reviewers, admins).
 * Kept in the server's memory: 404 after a restart (the registry file holds the change; `npm start` ingests it).
 */
import { error, json } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/roles';
import { api } from '$lib/server/http/api';
import { IngestId, registryIngest } from '$lib/server/registry/ingests';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) =>
	api(async () => {
		authorize(locals.user, 'manage_registry');
		const id = IngestId.safeParse(params.id);
		const job = id.success ? registryIngest(id.data) : null;
		if (!job) error(404, '没有这次更新');
		return json(job);
	});
