/** 上传报告 (reviewer, admin; an agency account for its own agency): the page; the work is done by /api/uploads. */
import { redirect } from '@sveltejs/kit';
import { authorize, can } from '$lib/server/auth/roles';
import { MAX_UPLOAD_FILES, MAX_ZIP_ENTRIES, MAX_ZIP_EXPANDED } from '$lib/server/uploads/unpack';
import { MAX_FILE_BYTES } from '$lib/ingest/parse';
import { warmParsers } from '$lib/server/uploads/service';
import { READABLE_EXTENSIONS } from '$lib/ingest/readers/index';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const user = authorize(locals.user, 'upload');
	warmParsers();
	return {
		agencyOnly: user.role === 'agency',
		canAssign: can(user, 'assign_agency'),
		limits: { files: MAX_UPLOAD_FILES, fileMb: MAX_FILE_BYTES / 1048576, zipEntries: MAX_ZIP_ENTRIES, zipMb: MAX_ZIP_EXPANDED / 1048576 },
		accept: [...READABLE_EXTENSIONS, 'zip'].map((e) => '.' + e).join(',')
	};
};
