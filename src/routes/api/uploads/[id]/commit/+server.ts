/** POST /api/uploads/{id}/commit: stores the accepted files and ingests them; 202 {"id","state":"ingesting"}. */
import { error, json } from '@sveltejs/kit';
import { host, parquetDir } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { api, BadInput } from '$lib/server/http/api';
import { commit } from '$lib/server/uploads/service';
import { UploadId } from '$lib/server/workbench/uploads';
import type { RequestHandler } from './$types';
import { READ_ONLY_NODE } from '$lib/server/uploads/service';

export const POST: RequestHandler = (event) =>
	api(async () => {
		const user = authorize(event.locals.user, 'upload');
		if (parquetDir()) error(409, READ_ONLY_NODE);
		const id = UploadId.safeParse(event.params.id);
		if (!id.success) throw new BadInput('上传编号无效');
		await commit(await host(), user, id.data);
		return json({ id: id.data, state: 'ingesting' }, { status: 202 });
	});
