/**
 * What a reviewer or an agency decides about findings, checked and written: the JSON API and the
 * pages' forms both call these. Permissions are asked here of server/auth, finding by finding.
 */
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Host } from '../db.js';
import { authorize, type SessionUser } from '../auth/roles.js';
import { findingById, findingsByIds, type FindingRow } from '../queries/findings.js';
import { recordReply, recordReview } from './reviews.js';
import { UserError } from './users.js';
import { REVIEW_STATES } from '../../review.js';

export const FindingId = z
	.string()
	.max(120)
	.regex(/^\d+-\d{4}-[a-z0-9_]+(-[0-9a-z]+)?(~\d+)?$/, '问题编号无效');

export const Review = z.object({
	state: z.enum(REVIEW_STATES, { message: '状态应为 open、confirmed、dismissed 或 corrected' }),
	note: z.string().trim().max(2000, '说明最多 2000 字').optional().default('')
});
export const Reply = z.object({ text: z.string().trim().min(1, '说明不能为空').max(4000, '说明最多 4000 字') });
/** At most this many findings reviewed at once (a filtered list's page). */
export const MAX_BULK = 500;

/** Marks findings 属实 / 误报 / 已整改 (or open again): one transaction, a history row and an audit row each. */
export async function reviewFindings(h: Host, user: SessionUser, ids: string[], review: z.infer<typeof Review>): Promise<FindingRow[]> {
	authorize(user, 'review');
	if (review.state === 'dismissed' && !review.note) throw new UserError('标为误报须写明理由');
	if (ids.length > MAX_BULK) throw new UserError(`一次最多核实 ${MAX_BULK} 条`);
	const wanted = [...new Set(ids)];
	const findings = await findingsByIds(wanted, { notes: true });
	const missing = wanted.filter((id) => !findings.some((f) => f.id === id));
	if (missing.length) error(404, `没有这个问题：${missing.slice(0, 3).join('、')}`);
	await h.write(async (c) => {
		for (const f of findings) await recordReview(c, user.username, f, review.state, review.note || null);
	});
	const after = await findingsByIds(wanted, { notes: true });
	return wanted.map((id) => after.find((f) => f.id === id)!);
}

/** An agency's 说明 on a finding of its own. */
export async function replyTo(h: Host, user: SessionUser, id: string, text: string): Promise<FindingRow> {
	const f = await findingById(id, { notes: false });
	if (!f) error(404, '没有这个问题');
	authorize(user, 'reply', f.agency_id);
	await h.write((c) => recordReply(c, user.username, f, text));
	return (await findingById(id, { notes: true }))!;
}
