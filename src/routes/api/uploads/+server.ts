/** POST /api/uploads (multipart, field `files`): parses and judges each file, storing nothing in the database. */
import { error, json } from '@sveltejs/kit';
import { host, parquetDir } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { api, BadInput } from '$lib/server/http/api';
import { incomingOf, preview, READ_ONLY_NODE } from '$lib/server/uploads/service';
import { UploadRefused } from '$lib/server/uploads/unpack';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	api(async () => {
		const user = authorize(event.locals.user, 'upload');
		if (parquetDir()) error(409, READ_ONLY_NODE);
		try {
			return json(await preview(await host(), user, await incomingOf(event.request)));
		} catch (e) {
			if (e instanceof UploadRefused) throw new BadInput(e.message);
			throw e;
		}
	});
