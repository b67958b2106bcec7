/**
 * The registry of agencies (单位名录), reviewers and admins only (manage_registry):
 *
 * GET /api/registry?q=&parent=&limit=&offset= — `{"total","agencies":[{"id","name","level","parent_id","parent","region","aliases",
 * "first_year","last_year","due","report_urls","merged_into","merged_into_name","children"}]}`, from the registry file as it is
 * now: agencies whose name or alias contains q (or whose id is q); without q, the children of `parent` (without it, the top
 * of the tree). At most `limit` (1–200, default 50).
 *
 * POST /api/registry — one change: `{"op":"add","name","level","parent_id","region"?,"first_year"?,"last_year"?,"due"?,"report_urls"?}`,
 * `{"op":"rename","id","name"}`, `{"op":"move","id","parent_id","region"?}`, `{"op":"merge","id","into","last_year"?}`,
 * `{"op":"close","id","last_year"}`. With a parent, the region is the parent's (and the agency's own place, for a government).
 * Written to the registry file, audited; 202 `{"agency_id","changed":true,"rows","ingest":{"id","state",…}}` while the
 * database follows (`GET /api/registry/ingests/{id}`), or 200 `{"changed":false,…}` when the registry already said so.
 */
import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { host, parquetDir } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { api, BadInput, body } from '$lib/server/http/api';
import { listRegistry } from '$lib/server/registry/list';
import { changeRegistry } from '$lib/server/registry/service';
import { MAX_OP_BYTES, RegistryOp } from '$lib/server/registry/input';
import type { RequestHandler } from './$types';

/** On a Parquet node (read-only) the registry is changed where the DuckDB file is written. */
const READ_ONLY_NODE = '此服务器读取 Parquet 导出（只读节点），不能在此修改单位名录；请在写入节点修改。';

const Query = z.object({
	q: z.string().max(50, '查询词不超过 50 个字').default(''),
	parent: z.coerce.number().int().positive('上级单位编号无效').optional(),
	limit: z.coerce.number().int().min(1, 'limit 应在 1—200 之间').max(200, 'limit 应在 1—200 之间').default(50),
	offset: z.coerce.number().int().min(0, 'offset 无效').max(1_000_000, 'offset 无效').default(0)
});

export const GET: RequestHandler = ({ locals, url }) =>
	api(async () => {
		authorize(locals.user, 'manage_registry');
		const q = Query.safeParse(Object.fromEntries([...url.searchParams].filter(([k]) => k in Query.shape)));
		if (!q.success) throw new BadInput(q.error.issues[0].message);
		return json(await listRegistry(q.data));
	});

export const POST: RequestHandler = (event) =>
	api(async () => {
		const user = authorize(event.locals.user, 'manage_registry');
		if (parquetDir()) error(409, READ_ONLY_NODE);
		const op = await body(event, RegistryOp, MAX_OP_BYTES);
		const change = await changeRegistry(await host(), user, op);
		return json(change, { status: change.ingest ? 202 : 200 });
	});
