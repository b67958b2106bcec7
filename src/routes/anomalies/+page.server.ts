import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { RULE_IDS } from '$lib/checks/rules';
import { SEVERITIES } from '$lib/checks/types';
import { REVIEW_STATES } from '$lib/review';
import { host } from '$lib/server/db';
import { authorize, can, readsNotes } from '$lib/server/auth/roles';
import { anomaliesByRule } from '$lib/charts/defs/anomalies-by-rule';
import { chartInput } from '$lib/server/charts/serve';
import { findingsInScope, goneFindings } from '$lib/server/queries/findings';
import { FindingId, Review, reviewFindings } from '$lib/server/workbench/decisions';
import { UserError } from '$lib/server/workbench/users';
import type { Actions, PageServerLoad } from './$types';
import { formOf } from '$lib/server/http/bounded';

const Filter = z.object({
	rule: z.enum(RULE_IDS).or(z.literal('')).catch(''),
	severity: z.enum(SEVERITIES).or(z.literal('')).catch(''),
	/** '' = all but 误报; 'all'; one state; 'gone' = 已消除 */
	state: z
		.enum([...REVIEW_STATES, 'all', 'gone'])
		.or(z.literal(''))
		.catch('')
});

export const load: PageServerLoad = async ({ parent, url, locals }) => {
	const { scope } = await parent();
	const f = Filter.parse({
		rule: url.searchParams.get('rule') ?? '',
		severity: url.searchParams.get('severity') ?? '',
		state: url.searchParams.get('state') ?? ''
	});
	const notes = readsNotes(locals.user);
	const [findings, byRule, gone] = await Promise.all([
		f.state === 'gone' ? [] : findingsInScope(scope, f, { notes }),
		// Its `state` counts dismissed and corrected findings as the list does.
		chartInput(anomaliesByRule, scope, url.searchParams),
		f.state === 'gone' && notes ? goneFindings({ scope }) : []
	]);
	return { ...f, findings, byRule, gone, canReview: can(locals.user, 'review'), canNotice: can(locals.user, 'notice') };
};

export const actions: Actions = {
	/** 批量核实: the checked findings of the list, one decision. */
	review: async ({ request, locals }) => {
		const user = authorize(locals.user, 'review');
		const form = await formOf(request);
		const ids = z.array(FindingId).min(1, '请先勾选问题').max(500).safeParse(form.getAll('id'));
		const review = Review.safeParse({ state: form.get('state'), note: form.get('note') ?? '' });
		if (!ids.success) return fail(400, { error: ids.error.issues[0].message });
		if (!review.success) return fail(400, { error: review.error.issues[0].message });
		try {
			const done = await reviewFindings(await host(), user, ids.data, review.data);
			return { reviewed: done.length };
		} catch (e) {
			if (e instanceof UserError) return fail(400, { error: e.message });
			throw e;
		}
	}
};
