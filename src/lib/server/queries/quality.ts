/**
 * 质量评分 of reports (checks/quality.ts): from the findings that stand — dismissed and
 * corrected ones cost nothing, so the score is a join with the workbench, made at query time.
 */
import { z } from 'zod';
import { query } from '../db.js';
import { Id, Severity } from './columns.js';
import { inScope, params, type Scope } from './scope.js';
import { COUNTED, LATEST_REVIEW } from '../workbench/reviews.js';
import { QUALITY, QUALITY_DIMENSIONS, qualityScore, type QualityScore } from '../../checks/quality.js';

const Standing = z.object({ report_id: Id, rule: z.string(), severity: Severity });

export async function qualityOfReport(reportId: number): Promise<QualityScore> {
	const rows = await query(Standing, `SELECT f.report_id, f.rule, f.severity FROM findings f ${LATEST_REVIEW} WHERE f.report_id = $id AND ${COUNTED}`, {
		id: reportId
	});
	return qualityScore(rows);
}

const Report = z.object({ report_id: Id, agency_id: Id, name: z.string() });
const Perfect = Report.extend({ n: z.number().int() });

export interface QualityRow {
	report_id: number;
	agency_id: number;
	name: string;
	score: QualityScore;
}

/**
 * The reports a ranking lists at most: a region's whole list, up to a province's cities and
 * counties; of a province's or the country's reports (170,000 a year), the top of it.
 */
export const QUALITY_RANKING_LIMIT = 500;

/** The rules that cost a report points: a report with no standing finding of one of them scores 100. */
const SCORED_RULES = QUALITY_DIMENSIONS.flatMap((d) => QUALITY[d].rules).join(',');

/**
 * The scope's reports of the year by score, best first (equal scores by name), the first `limit`
 * of them. Most reports have no standing finding that costs points and score 100: those are
 * listed by name in SQL (in the Chinese order report_list keeps), and only the others' findings
 * are read and scored (qualityScore).
 */
export async function qualityRanking(s: Scope, limit = QUALITY_RANKING_LIMIT): Promise<QualityRow[]> {
	const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN');
	// Standing findings that cost points, in the scope's reports of the year.
	const costing = `SELECT f.report_id, f.rule, f.severity FROM scope_findings f ${LATEST_REVIEW}
		WHERE f.year = $year AND ${COUNTED} AND list_contains(string_split($rules, ','), f.rule)`;
	const perfect = await query(
		Perfect,
		`WITH p AS (SELECT p.id AS report_id, p.agency_id, p.agency AS name, p.name_order FROM report_list p
		            WHERE p.year = $year AND ${inScope('p')} AND p.id NOT IN (SELECT report_id FROM (${costing})))
		 SELECT report_id, agency_id, name, (SELECT count(*) FROM p)::INTEGER AS n FROM p ORDER BY name_order LIMIT $limit`,
		params(s, { rules: SCORED_RULES, limit })
	);
	const full = qualityScore([]);
	const top = perfect.map(({ n: _n, ...r }) => ({ ...r, score: full })).sort(byName);
	if ((perfect[0]?.n ?? 0) >= limit) return top;
	const [reports, standing] = await Promise.all([
		query(
			Report,
			`SELECT p.id AS report_id, p.agency_id, p.agency AS name FROM report_list p
			 WHERE p.year = $year AND ${inScope('p')} AND p.id IN (SELECT report_id FROM (${costing}))`,
			params(s, { rules: SCORED_RULES })
		),
		query(
			Standing,
			`SELECT c.* FROM (${costing}) c JOIN report_list p ON p.id = c.report_id WHERE p.year = $year AND ${inScope('p')}`,
			params(s, { rules: SCORED_RULES })
		)
	]);
	const byReport = new Map<number, z.infer<typeof Standing>[]>();
	for (const f of standing) byReport.set(f.report_id, [...(byReport.get(f.report_id) ?? []), f]);
	const rest = reports
		.map((r) => ({ ...r, score: qualityScore(byReport.get(r.report_id) ?? []) }))
		.sort((a, b) => b.score.total - a.score.total || byName(a, b));
	return [...top, ...rest].slice(0, limit);
}
