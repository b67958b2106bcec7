/** What a notice says, gathered from the queries and the served charts (documents/notice.ts builds it). */
import { z } from 'zod';
import { findingsInScope, findingsOfAgency, standingCounts } from '../queries/findings.js';
import { rosterCounts, rosterEntries, rosterEntryOf } from '../queries/roster.js';
import { chineseDate as chineseIso } from '../../report/season.js';
import { qualityRanking } from '../queries/quality.js';
import { agency as agencyRow } from '../queries/agency.js';
import type { Scope } from '../queries/scope.js';
import { overviewFindings } from '../../charts/defs/overview-findings.js';
import { overviewTrend } from '../../charts/defs/overview-trend.js';
import { chartInput, drawChart, IMAGE_WIDTH } from '../charts/serve.js';
import { renderPng, renderSvg } from '../charts/render.js';
import { COUNTED_STATES } from '../../review.js';
import { agencyNotice, missingNotice, regionNotice, type NoticeModel } from './notice.js';
import { isoDate } from '../../ingest/published.js';
import { seasonToday } from '../../build/season.js';

/** A notice's options from a URL: the deadline of the 整改 (default: 30 days on) and the issuing office. */
export const NoticeOptions = z.object({
	deadline: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/)
		.optional()
		.catch(undefined),
	issuer: z.string().trim().min(1).max(60).optional().catch(undefined),
	/** `missing`: a 催报通知 for a report the agency owes and has not sent. */
	kind: z.enum(['missing']).optional().catch(undefined)
});

/** Why a 整改期限 asked for cannot be one (not a whole date, or a day already past: the season's today, as uploads count it), or null. */
export function deadlineProblem(url: URL): string | null {
	const asked = url.searchParams.get('deadline');
	if (!asked) return null;
	if (isoDate(asked) !== asked) return `整改期限「${asked.slice(0, 20)}」不是日期`;
	const today = seasonToday();
	if (asked < today) return `整改期限${asked}已经过去，请选择今天（${today}）以后的日期`;
	return null;
}

const chineseDate = (d: Date) => `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
const deadlineOf = (iso: string | undefined) => chineseDate(iso ? new Date(`${iso}T00:00:00`) : new Date(Date.now() + 30 * 86_400_000));

/** The charts a 通报 shows, drawn from the same definitions as the pages and the image endpoint (the document gives the title). */
const NOTICE_CHARTS = [overviewFindings, overviewTrend] as const;

/** Problems a region's notice lists one by one (its counts are of all of them). */
export const NOTICE_LISTED = 20_000;

/**
 * A region's notice. `images: false` for a preview that names its charts only (drawing them is
 * most of its time); `listed`: how many problems it lists one by one (a preview, a few hundred).
 */
export async function regionNoticeOf(
	scope: Scope,
	o: z.infer<typeof NoticeOptions>,
	url: URL,
	{ images = true, listed = NOTICE_LISTED } = {}
): Promise<NoticeModel> {
	const [counts, standing, missing, findings, ranking] = await Promise.all([
		rosterCounts(scope),
		standingCounts(scope),
		rosterEntries(scope, { status: 'missing' }),
		findingsInScope(scope, { state: 'counted', limit: listed }, { notes: true }),
		qualityRanking(scope)
	]);
	const charts = await Promise.all(
		NOTICE_CHARTS.map(async (def) => {
			const { title, built } = drawChart(def, await chartInput(def, scope, url.searchParams));
			const png = images ? renderPng(renderSvg(built.option, IMAGE_WIDTH, built.height), 1) : new Uint8Array(0);
			return { title, png, width: IMAGE_WIDTH, height: built.height };
		})
	);
	return regionNotice({
		region: scope.region,
		year: scope.year,
		owed: counts.owed,
		received: counts.received,
		late: counts.late,
		missing: missing.map((m) => ({ agency: m.name })),
		counts: standing,
		findings,
		charts,
		ranking: ranking.map((r) => ({ agency: r.name, total: r.score.total, parts: r.score.parts.map((p) => p.score) })),
		deadline: deadlineOf(o.deadline),
		issuer: o.issuer ?? `${scope.region.split('/').pop()}政务公开办公室`,
		date: chineseDate(new Date())
	});
}

/** Why a notice cannot be made (the API's 400). */
export class NoticeRefused extends Error {}

export async function agencyNoticeOf(agencyId: number, year: number, o: z.infer<typeof NoticeOptions>): Promise<NoticeModel | null> {
	const a = await agencyRow(agencyId);
	if (!a) return null;
	const issuer = o.issuer ?? `${a.region.split('/').pop() || a.name}政务公开办公室`;
	if (o.kind === 'missing') {
		const entry = await rosterEntryOf(agencyId, year);
		if (entry?.status !== 'missing')
			throw new NoticeRefused(
				`${a.name}${year}年度报告${entry?.status === 'received' || entry?.status === 'late' ? '已收到' : '不在应报范围内或尚未到期'}，无需催报`
			);
		return missingNotice({ agency: a.name, year, due: chineseIso(entry.due), deadline: deadlineOf(o.deadline), issuer, date: chineseDate(new Date()) });
	}
	const findings = (await findingsOfAgency(agencyId, { notes: true })).filter((f) => f.year === year && COUNTED_STATES.includes(f.state));
	return agencyNotice({
		agency: a.name,
		year,
		findings,
		deadline: deadlineOf(o.deadline),
		issuer,
		date: chineseDate(new Date())
	});
}
