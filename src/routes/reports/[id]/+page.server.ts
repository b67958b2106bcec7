import { error } from '@sveltejs/kit';
import { ReportIdParam } from '$lib/report/ids';
import { findingsOfReport } from '$lib/server/queries/findings';
import { reportCellsOf, reportMeta, reportSectionsOf, reportSourcesOf, reportWarningsOf } from '$lib/server/queries/report';
import { fail } from '@sveltejs/kit';
import { host } from '$lib/server/db';
import { authorize, can, readsNotes } from '$lib/server/auth/roles';
import { goneFindings } from '$lib/server/queries/findings';
import { qualityOfReport } from '$lib/server/queries/quality';
import { changesOfReport, eliminatedOfReport, versionsOfReport } from '$lib/server/queries/versions';
import { historyOf } from '$lib/server/workbench/reviews';
import { FindingId, Reply, Review, replyTo, reviewFindings } from '$lib/server/workbench/decisions';
import { UserError } from '$lib/server/workbench/users';
import type { Actions, PageServerLoad } from './$types';
import { formOf } from '$lib/server/http/bounded';
import { uploadedNames } from '$lib/server/workbench/uploads';
import { printedOrder } from '$lib/report/template';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = ReportIdParam.safeParse(params.id);
	if (!id.success) error(404, '没有这份报告');
	const meta = await reportMeta(id.data);
	if (!meta) error(404, '没有这份报告');
	const notes = readsNotes(locals.user, meta.agency_id);
	const [cells, sections, warnings, sources, findings, gone, quality, versions] = await Promise.all([
		reportCellsOf(id.data),
		reportSectionsOf(id.data),
		reportWarningsOf(id.data),
		reportSourcesOf(id.data),
		findingsOfReport(id.data, { notes }),
		notes ? goneFindings({ agency: meta.agency_id }).then((g) => g.filter((x) => x.year === meta.year)) : [],
		qualityOfReport(id.data),
		versionsOfReport(id.data, notes)
	]);
	// A corrected report (更正版): what each version changed, and what the earlier ones had that it no longer has.
	const [changes, eliminated] = versions.length > 1 ? await Promise.all([changesOfReport(id.data), eliminatedOfReport(id.data, notes)]) : [[], []];
	const explained = new Set(eliminated.flatMap((e) => [e.id, e.former_id]));
	const ids = [...findings.map((f) => f.id), ...gone.map((g) => g.id), ...eliminated.flatMap((e) => (e.former_id ? [e.id, e.former_id] : [e.id]))];
	const history = notes ? await (await host()).read((c) => historyOf(c, ids)) : [];
	// The names files were uploaded under, for those who see the agency's own notes (as versions name their files).
	const uploaded = notes
		? await (
				await host()
			).read((c) =>
				uploadedNames(
					c,
					sources.map((s) => s.path)
				)
			)
		: new Map<string, string>();
	const order = printedOrder(meta.template);
	return {
		meta,
		cells,
		sections,
		warnings,
		sources: sources.map((s, i) => ({ ...s, index: i, name: uploaded.get(s.path) ?? s.path.split('/').pop() })),
		findings,
		gone: gone.filter((g) => !explained.has(g.id)),
		versions,
		// In the order the template prints its cells.
		changes: [...changes].sort(
			(a, b) =>
				a.version - b.version || order({ table: a.table_key, row: a.row_key, col: a.col_key }) - order({ table: b.table_key, row: b.row_key, col: b.col_key })
		),
		eliminated,
		history,
		quality,
		canReview: can(locals.user, 'review'),
		canReply: can(locals.user, 'reply', meta.agency_id)
	};
};

/** A form's fields checked by a schema, the change made, and a refusal said on the page. */
async function decide<T>(parse: () => T | string, run: (v: T) => Promise<unknown>) {
	const v = parse();
	if (typeof v === 'string') return fail(400, { error: v });
	try {
		await run(v);
		return { done: true };
	} catch (e) {
		if (e instanceof UserError) return fail(400, { error: e.message });
		throw e;
	}
}

export const actions: Actions = {
	review: async ({ request, locals }) => {
		const user = authorize(locals.user, 'review');
		const form = await formOf(request);
		return decide(
			() => {
				const id = FindingId.safeParse(form.get('id'));
				const review = Review.safeParse({ state: form.get('state'), note: form.get('note') ?? '' });
				return !id.success ? '问题编号无效' : !review.success ? review.error.issues[0].message : { id: id.data, review: review.data };
			},
			async ({ id, review }) => reviewFindings(await host(), user, [id], review)
		);
	},
	reply: async ({ request, locals }) => {
		const user = authorize(locals.user, 'reply');
		const form = await formOf(request);
		return decide(
			() => {
				const id = FindingId.safeParse(form.get('id'));
				const reply = Reply.safeParse({ text: form.get('text') ?? '' });
				return !id.success ? '问题编号无效' : !reply.success ? reply.error.issues[0].message : { id: id.data, text: reply.data.text };
			},
			async ({ id, text }) => replyTo(await host(), user, id, text)
		);
	}
};
