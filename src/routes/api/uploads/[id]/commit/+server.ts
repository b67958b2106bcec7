/**
 * POST /api/uploads/{id}/commit: stores the accepted files and ingests them; 202 {"id","state":"ingesting"}.
 * An optional JSON body `{"agencies":[{"file":N,"agency_id":ID} | {"file":N,"new":{"name","level","parent_id","region"}}]}`
 * credits files the registry did not match (reviewer, admin); `"published":[{"file":N,"date":"YYYY-MM-DD"}]` gives the
 * 发布日期 the uploader knows (never assumed: a file without one is dated by its own text, or not at all).
 */
import { error, json } from '@sveltejs/kit';
import { host, parquetDir } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { api, BadInput, body } from '$lib/server/http/api';
import { CommitBody, commit, READ_ONLY_NODE } from '$lib/server/uploads/service';
import { UploadId } from '$lib/server/workbench/uploads';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	api(async () => {
		const user = authorize(event.locals.user, 'upload');
		if (parquetDir()) error(409, READ_ONLY_NODE);
		const id = UploadId.safeParse(event.params.id);
		if (!id.success) throw new BadInput('上传编号无效');
		const { agencies, published } = await body(event, CommitBody, 256 * 1024, true);
		await commit(await host(), user, id.data, agencies, published);
		return json({ id: id.data, state: 'ingesting' }, { status: 202 });
	});
