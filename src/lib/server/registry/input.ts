/**
 * What a person may write into the registry, checked before anything is written (zod): names
 * and regions on one line, without `;` (the registry's list separator), control characters, or a
 * leading = + - @ (what a spreadsheet opening the file would take for a formula); years,
 * deadlines (MM-DD) and 年报 pages bounded. The registry's API (`POST /api/registry`), its page's
 * forms and an upload's commit all read through these.
 */
import { z } from 'zod';
import { AGENCY_LEVELS } from '../../report/agencies.js';
import { MAX_REGISTRY_ID } from '../../report/ids.js';
import { DueSchema } from '../../report/season.js';

export const MAX_NAME = 100;
export const MAX_REGION = 200;
export const MAX_URLS = 10;
export const MAX_URL = 500;

/** Text of one line a person types: trimmed, bounded, none of what would break the file or start a formula. */
const Line = (what: string, max: number) =>
	z
		.string({ message: `${what}应为文字` })
		.trim()
		.min(1, `${what}不能为空`)
		.max(max, `${what}不超过 ${max} 个字`)
		.regex(/^[^;\p{Cc}]+$/u, `${what}不能含分号或控制字符`)
		.regex(/^[^=+\-@]/, `${what}不能以 = + - @ 开头`);

export const AgencyName = Line('单位名称', MAX_NAME);

/** A region path, 省/市/县: each part a Line. */
export const RegionPath = Line('地区', MAX_REGION).refine(
	(r) => r.split('/').every((p) => p.trim() && /^[^=+\-@]/.test(p.trim())),
	'地区应写作「省/市/县」，各级之间以 / 分隔'
);

export const RegistryId = z.number({ message: '单位编号应为数字' }).int('单位编号应为整数').positive('单位编号无效').max(MAX_REGISTRY_ID, '单位编号无效');
const Year = z.number({ message: '年度应为数字' }).int('年度应为整数').min(2000, '年度应在 2000—2100 之间').max(2100, '年度应在 2000—2100 之间');
const Level = z.enum(AGENCY_LEVELS, { message: '级别无效' });
const Url = z
	.string()
	.trim()
	.max(MAX_URL, `网址不超过 ${MAX_URL} 个字符`)
	.regex(/^https?:\/\/[^\s;\p{Cc}]+$/u, '网址应以 http:// 或 https:// 开头，且不含空白或分号');

/** An agency added at an upload's commit (name, level, parent, region): the region is needed only without a parent. */
export const NewAgencyInput = z
	.object({
		name: AgencyName,
		level: Level,
		parent_id: RegistryId.nullable(),
		region: z.union([RegionPath, z.literal('')]).nullish()
	})
	.refine((a) => a.parent_id !== null || !!a.region, { message: '没有上级单位时须填写地区', path: ['region'] });

/** The registry's five changes (`POST /api/registry`). */
export const RegistryOp = z.discriminatedUnion(
	'op',
	[
		z
			.strictObject({
				op: z.literal('add'),
				name: AgencyName,
				level: Level,
				parent_id: RegistryId.nullable(),
				region: RegionPath.nullish(),
				first_year: Year.nullish(),
				last_year: Year.nullish(),
				due: DueSchema.nullish(),
				report_urls: z.array(Url).max(MAX_URLS, `年报栏目网址最多 ${MAX_URLS} 个`).optional()
			})
			.refine((a) => a.parent_id !== null || !!a.region, { message: '没有上级单位时须填写地区', path: ['region'] })
			.refine((a) => a.first_year == null || a.last_year == null || a.first_year <= a.last_year, {
				message: '最后报送年度早于首个报送年度',
				path: ['last_year']
			}),
		z.strictObject({ op: z.literal('rename'), id: RegistryId, name: AgencyName }),
		z
			.strictObject({
				op: z.literal('move'),
				id: RegistryId,
				parent_id: z.union([RegistryId, z.null()], { error: '请选择新的上级单位（或「无上级」）' }),
				region: RegionPath.nullish()
			})
			.refine((a) => a.parent_id !== null || !!a.region, { message: '没有上级单位时须填写地区', path: ['region'] }),
		/** `last_year`: the last year the merged agency reports; the year before this one when not given. */
		z.strictObject({ op: z.literal('merge'), id: RegistryId, into: RegistryId, last_year: Year.optional() }),
		z.strictObject({ op: z.literal('close'), id: RegistryId, last_year: Year.nullable() })
	],
	{ message: '操作（op）应为 add、rename、move、merge 或 close' }
);
export type RegistryOp = z.infer<typeof RegistryOp>;
export const REGISTRY_OPS = ['add', 'rename', 'move', 'merge', 'close'] as const satisfies readonly RegistryOp['op'][];

/** The body's bound: one change, its 年报 pages included. */
export const MAX_OP_BYTES = 16 * 1024;

/**
 * A form of the registry page as the API's JSON: blank fields left out, numbers read as
 * numbers, 年报 pages one a line. What it gives is then checked by RegistryOp, like the API's.
 */
export function opOfForm(op: string, form: FormData): unknown {
	const text = (k: string) => {
		const v = form.get(k);
		return typeof v === 'string' && v.trim() ? v.trim() : null;
	};
	const num = (k: string) => {
		const v = text(k);
		return v === null ? null : /^\d+$/.test(v) ? Number(v) : v;
	};
	const out: Record<string, unknown> = { op };
	for (const k of ['name', 'level', 'region', 'due']) if (text(k) !== null) out[k] = text(k);
	for (const k of ['id', 'into', 'first_year']) if (num(k) !== null) out[k] = num(k);
	// A new agency without a parent chosen has none; a move needs one chosen (or 无上级 chosen).
	if (op === 'add') out.parent_id = num('parent_id');
	if (op === 'move' && form.has('parent_id')) out.parent_id = num('parent_id');
	if (op === 'close') out.last_year = num('last_year');
	else if (num('last_year') !== null) out.last_year = num('last_year');
	const urls = text('report_urls');
	if (urls)
		out.report_urls = urls
			.split(/\r?\n/)
			.map((u) => u.trim())
			.filter(Boolean);
	return out;
}
