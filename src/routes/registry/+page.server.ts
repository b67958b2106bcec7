/**
 * 单位名录 (reviewers, admins: manage_registry): the registry as a tree (a parent's children at a
 * time) or searched, one agency chosen to rename, move, merge (撤并) or close, and agencies added
 * under a parent. Each form is checked as the API's body is (RegistryOp) and made by the same
 * service (registry/service.ts); the page then follows the ingest it asked for.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { host, parquetDir } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { listRegistry, registryAgency } from '$lib/server/registry/list';
import { changeRegistry } from '$lib/server/registry/service';
import { RegistryOp, opOfForm, type RegistryOp as Op } from '$lib/server/registry/input';
import { UserError } from '$lib/server/workbench/users';
import type { Actions, PageServerLoad } from './$types';
import { formOf } from '$lib/server/http/bounded';

const Id = z.coerce.number().int().positive().max(999_999_999);
const Query = z.object({
	q: z.string().max(50).catch(''),
	parent: Id.optional().catch(undefined),
	id: Id.optional().catch(undefined)
});

export const load: PageServerLoad = async ({ locals, url }) => {
	// 401 (the error page offers the login) or 403, as every page of the workbench.
	authorize(locals.user, 'manage_registry');
	const query = Query.parse({
		q: url.searchParams.get('q') ?? '',
		parent: url.searchParams.get('parent') ?? undefined,
		id: url.searchParams.get('id') ?? undefined
	});
	const [list, parent, selected] = await Promise.all([
		listRegistry({ q: query.q, parent: query.parent ?? null, limit: 200 }),
		query.parent && !query.q ? registryAgency(query.parent) : null,
		query.id ? registryAgency(query.id) : null
	]);
	return { q: query.q, parent, list, selected, year: new Date().getFullYear(), readOnly: !!parquetDir() };
};

/** What the page says of a change done. */
async function said(op: Op, agencyId: number, rows: number, changed: boolean): Promise<string> {
	if (!changed) return '单位名录中已是如此，没有更改。';
	const name = (await registryAgency(agencyId))?.agency.name ?? `编号 ${agencyId}`;
	switch (op.op) {
		case 'add':
			return `已新增「${name}」（编号 ${agencyId}）。`;
		case 'rename':
			return `已改名为「${name}」，原名称保留为别名。`;
		case 'move':
			return `已调整「${name}」的上级，地区随之更新（共 ${rows} 个单位）。`;
		case 'merge':
			return `已将「${name}」撤并到「${(await registryAgency(op.into))?.agency.name ?? op.into}」。`;
		case 'close':
			return op.last_year === null ? `已清除「${name}」的最后报送年度。` : `「${name}」报送至 ${op.last_year} 年度。`;
	}
}

/** One change from the page: the form read as the API's body, made as the signed-in user, a refusal said on the page. */
async function act(event: RequestEvent, op: Op['op']) {
	const user = authorize(event.locals.user, 'manage_registry');
	if (parquetDir()) return fail(409, { error: '此服务器读取 Parquet 导出（只读节点），不能在此修改单位名录。' });
	const parsed = RegistryOp.safeParse(opOfForm(op, await formOf(event.request)));
	if (!parsed.success) return fail(400, { error: parsed.error.issues.map((i) => i.message).join('；') });
	try {
		const change = await changeRegistry(await host(), user, parsed.data);
		return {
			done: await said(parsed.data, change.agency_id, change.rows, change.changed),
			agency_id: change.agency_id,
			ingest: change.ingest?.id ?? null
		};
	} catch (e) {
		if (e instanceof UserError) return fail(400, { error: e.message });
		throw e;
	}
}

export const actions: Actions = {
	add: (event) => act(event, 'add'),
	rename: (event) => act(event, 'rename'),
	move: (event) => act(event, 'move'),
	merge: (event) => act(event, 'merge'),
	close: (event) => act(event, 'close')
};
