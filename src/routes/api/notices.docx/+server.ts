/**
 * GET /api/notices.docx?region=&year=: the 通报 of a region and year, as Word.
 * GET /api/notices.docx?agency=&year=: one agency's 整改通知; with kind=missing, its 催报通知 (400 when the
 * roster does not have that report missing). Options: deadline=YYYY-MM-DD, issuer=.
 * Reviewers and admins.
 */
import { error } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/roles';
import { api } from '$lib/server/http/api';
import { attachment } from '$lib/server/http/download';
import { parseFilters } from '$lib/filters';
import { AgencyIdParam } from '$lib/report/ids';
import { resolveScope } from '$lib/server/queries/scope';
import { NoticeOptions, NoticeRefused, agencyNoticeOf, deadlineProblem, regionNoticeOf } from '$lib/server/documents/notice-data';
import { noticeDocx } from '$lib/server/documents/notice';
import type { RequestHandler } from './$types';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const GET: RequestHandler = ({ locals, url }) =>
	api(async () => {
		authorize(locals.user, 'notice');
		const problem = deadlineProblem(url);
		if (problem) error(400, problem);
		const options = NoticeOptions.parse(Object.fromEntries(url.searchParams));
		const filters = parseFilters(url);
		if (url.searchParams.has('agency')) {
			const id = AgencyIdParam.safeParse(url.searchParams.get('agency'));
			if (!id.success || !filters.year) error(400, '请指定单位编号和年度');
			const model = await agencyNoticeOf(id.data, filters.year, options).catch((e) => {
				if (e instanceof NoticeRefused) error(400, e.message);
				throw e;
			});
			if (!model) error(404, '没有这个单位');
			return attachment(await noticeDocx(model), `${model.title}.docx`, DOCX);
		}
		const model = await regionNoticeOf(await resolveScope(filters), options, url);
		return attachment(await noticeDocx(model), `${model.title}.docx`, DOCX);
	});
