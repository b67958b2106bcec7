/**
 * 质量评分 of reports (checks/quality.ts): from the findings that stand — dismissed and
 * corrected ones cost nothing, so the score is a join with the workbench, made at query time.
 */
import { z } from 'zod';
import { query } from '../db.js';
import { Id, Severity } from './columns.js';
import { IN_SCOPE, params, type Scope } from './scope.js';
import { COUNTED, LATEST_REVIEW } from '../workbench/reviews.js';
import { qualityScore, type QualityScore } from '../../checks/quality.js';

const Standing = z.object({ report_id: Id, rule: z.string(), severity: Severity });

export async function qualityOfReport(reportId: number): Promise<QualityScore> {
	const rows = await query(Standing, `SELECT f.report_id, f.rule, f.severity FROM findings f ${LATEST_REVIEW} WHERE f.report_id = $id AND ${COUNTED}`, {
		id: reportId
	});
	return qualityScore(rows);
}

const Report = z.object({ report_id: Id, agency_id: Id, name: z.string() });

export interface QualityRow {
	report_id: number;
	agency_id: number;
	name: string;
	score: QualityScore;
}

/** Every report of the scope's year with its score, best first. */
export async function qualityRanking(s: Scope): Promise<QualityRow[]> {
	const [reports, standing] = await Promise.all([
		query(
			Report,
			`SELECT r.id AS report_id, r.agency_id, a.name FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE r.year = $year AND ${IN_SCOPE}`,
			params(s)
		),
		query(
			Standing,
			`SELECT f.report_id, f.rule, f.severity FROM findings f JOIN agencies a ON a.id = f.agency_id ${LATEST_REVIEW}
			 WHERE f.year = $year AND ${IN_SCOPE} AND ${COUNTED} AND EXISTS (SELECT 1 FROM reports r WHERE r.id = f.report_id)`,
			params(s)
		)
	]);
	const byReport = new Map<number, z.infer<typeof Standing>[]>();
	for (const f of standing) byReport.set(f.report_id, [...(byReport.get(f.report_id) ?? []), f]);
	return reports
		.map((r) => ({ ...r, score: qualityScore(byReport.get(r.report_id) ?? []) }))
		.sort((a, b) => b.score.total - a.score.total || a.name.localeCompare(b.name, 'zh-CN'));
}
