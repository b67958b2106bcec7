/** 生成通报: the notice of the chosen region and year as it will read, and its Word file. */
import { authorize } from '$lib/server/auth/roles';
import { NoticeOptions, deadlineProblem, regionNoticeOf } from '$lib/server/documents/notice-data';
import { seasonToday } from '$lib/build/season';
import type { PageServerLoad } from './$types';

const PREVIEW_LISTED = 300;

export const load: PageServerLoad = async ({ parent, locals, url }) => {
	authorize(locals.user, 'notice');
	const { scope } = await parent();
	// A deadline that cannot be one is said, and the default taken.
	const problem = deadlineProblem(url);
	const options = NoticeOptions.parse(Object.fromEntries(url.searchParams));
	if (problem) options.deadline = undefined;
	// The preview lists the first problems; the Word file lists them all (up to NOTICE_LISTED).
	const model = await regionNoticeOf(scope, options, url, { images: false, listed: PREVIEW_LISTED });
	// Images stay on the server: the preview names them, the Word file holds them.
	return {
		model: { ...model, blocks: model.blocks.map((b) => (b.kind === 'image' ? { kind: 'image' as const, title: b.title } : b)) },
		deadline: options.deadline ?? '',
		problem,
		today: seasonToday(),
		issuer: options.issuer ?? model.issuer
	};
};
