/**
 * GET /api/uploads/{id}: {"id","state","progress","stage","reports","error"} (and the files as
 * previewed); `stage` while ingesting: {"stage":"parsing"|"checking"|"writing", "done","total",
 * "page":{"file","n","of"}, "label"} (upload/stage.ts), else null.
 */
import { json } from '@sveltejs/kit';
import { host } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { api, BadInput } from '$lib/server/http/api';
import { reportsOf, uploadFor } from '$lib/server/uploads/service';
import { UploadId, uploadFiles } from '$lib/server/workbench/uploads';
import { stageLabel } from '$lib/upload/stage';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		authorize(event.locals.user, 'upload');
		const id = UploadId.safeParse(event.params.id);
		if (!id.success) throw new BadInput('上传编号无效');
		const h = await host();
		const u = await uploadFor(h, event.locals.user, id.data);
		const files = (await uploadFiles(h, u.id)).map((f) => ({
			name: f.original_name,
			status: f.status,
			agency: f.agency,
			agency_id: f.agency_id,
			year: f.year,
			reason: f.reason
		}));
		const stage = u.state === 'ingesting' && u.stage ? { ...u.stage, label: stageLabel(u.stage) } : null;
		const reports = u.state === 'done' ? await reportsOf(h, u.id) : [];
		return json({ id: u.id, state: u.state, progress: u.progress, stage, reports, error: u.error, files });
	});
