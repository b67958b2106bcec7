/**
 * Findings, filtered, with their review state: the 异常 page, the agency and report pages, the
 * JSON API and the 问题清单. The state is a join of the derived findings with the workbench's
 * reviews (workbench/reviews.ts). Notes and reviewers are shown only to whom may read reviews
 * (`notes`: the caller's permission, decided in server/auth).
 */
import { z } from 'zod';
import { query } from '../db.js';
import { CellRefs, Id, RuleId, Severity } from './columns.js';
import { IN_SCOPE, inScope, params, type Scope } from './scope.js';
import { COUNTED, LATEST_REVIEW, NOTE, REVIEWER, STATE, STATE_FILTER } from '../workbench/reviews.js';
import { REVIEW_STATES } from '../../review.js';

export const FindingRow = z.object({
	id: z.string(),
	report_id: Id,
	agency_id: Id,
	agency: z.string(),
	year: z.number().int(),
	rule: RuleId,
	severity: Severity,
	message: z.string(),
	cells: CellRefs,
	has_report: z.boolean(),
	state: z.enum(REVIEW_STATES),
	note: z.string().nullable(),
	reviewer: z.string().nullable(),
	replies: z.number().int()
});
export type FindingRow = z.infer<typeof FindingRow>;

/** Who asks: whether notes and reviewers are theirs to read. */
export interface Reader {
	notes: boolean;
}

/** SQL: the replies to finding `f` (by its id or former id). */
const REPLIES = `(SELECT count(*) FROM wb.replies rp WHERE rp.finding_id = f.id OR rp.finding_id = f.former_id)::INTEGER`;
const select = (r: Reader) => `SELECT f.id, f.report_id, f.agency_id, a.name AS agency, f.year, f.rule, f.severity, f.message, f.cells,
	EXISTS (SELECT 1 FROM reports rp WHERE rp.id = f.report_id) AS has_report, ${STATE} AS state,
	${r.notes ? NOTE : 'NULL'} AS note, ${r.notes ? REVIEWER : 'NULL'} AS reviewer,
	${REPLIES} AS replies
	FROM findings f JOIN agencies a ON a.id = f.agency_id ${LATEST_REVIEW}`;
const ORDER = `ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, a.name, f.rule, f.id`;

export interface FindingFilter {
	rule?: string;
	severity?: string;
	/** '' all but dismissed (the default), 'all', 'counted' (open and confirmed), or one state. */
	state?: string;
	limit?: number;
}

/**
 * A scope's findings of the year, filtered, a page of them: the page is chosen on the serving
 * table (build/serving.ts: a finding with its agency's name and region), and only its rows read
 * whole (message, cells, replies).
 */
export function findingsInScope(s: Scope, f: FindingFilter, r: Reader) {
	return query(
		FindingRow,
		`WITH page AS (
		   SELECT f.id, f.agency, f.has_report, f.severity_rank, f.rule, ${STATE} AS state, ${NOTE} AS note, ${REVIEWER} AS reviewer
		   FROM scope_findings f ${LATEST_REVIEW}
		   WHERE f.year = $year AND ${inScope('f')} AND ($rule = '' OR f.rule = $rule) AND ($severity = '' OR f.severity = $severity) AND ${STATE_FILTER}
		   ORDER BY f.severity_rank, f.agency, f.rule, f.id LIMIT $limit)
		 SELECT f.id, f.report_id, f.agency_id, p.agency, f.year, f.rule, f.severity, f.message, f.cells, p.has_report, p.state,
		        ${r.notes ? 'p.note' : 'NULL'} AS note, ${r.notes ? 'p.reviewer' : 'NULL'} AS reviewer, ${REPLIES} AS replies
		 FROM page p JOIN findings f ON f.id = p.id ORDER BY p.severity_rank, p.agency, p.rule, p.id`,
		params(s, { rule: f.rule ?? '', severity: f.severity ?? '', state: f.state ?? '', limit: f.limit ?? 500 })
	);
}

export function findingsOfAgency(agencyId: number, r: Reader) {
	return query(
		FindingRow,
		`${select(r)} WHERE f.agency_id = $id ORDER BY f.year DESC, CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.id`,
		{
			id: agencyId
		}
	);
}

export function findingsOfReport(reportId: number, r: Reader, limit = 300) {
	return query(FindingRow, `${select(r)} WHERE f.report_id = $id ${ORDER} LIMIT $limit`, { id: reportId, limit });
}

/** Findings by id, in one query (ids hold no comma: report/ids.ts findingId). */
export function findingsByIds(ids: string[], r: Reader) {
	if (!ids.length) return Promise.resolve([]);
	return query(FindingRow, `${select(r)} WHERE list_contains(string_split($ids, ','), f.id)`, { ids: ids.join(',') });
}

export async function findingById(id: string, r: Reader): Promise<FindingRow | null> {
	return (await query(FindingRow, `${select(r)} WHERE f.id = $id`, { id }))[0] ?? null;
}

const Count = z.object({ rule: RuleId, severity: Severity, n: z.number().int() });
const StandingCount = Count.extend({ state: z.enum(REVIEW_STATES) });

/** The scope's findings of the year that count as problems (open and confirmed), by rule, severity and state. */
export function standingCounts(s: Scope) {
	return query(
		StandingCount,
		`SELECT f.rule, f.severity, ${STATE} AS state, count(*)::INTEGER AS n FROM scope_findings f ${LATEST_REVIEW}
		 WHERE f.year = $year AND ${inScope('f')} AND ${COUNTED} GROUP BY ALL`,
		params(s)
	);
}

/** The agencies of the scope whose report of the year is missing (a finding that counts), in the order findings are listed. */
export async function missingAgencies(s: Scope): Promise<{ agency: string }[]> {
	return query(
		z.object({ agency: z.string() }),
		`SELECT f.agency FROM scope_findings f ${LATEST_REVIEW}
		 WHERE f.year = $year AND ${inScope('f')} AND f.rule = 'missing_report' AND ${COUNTED} ORDER BY f.severity_rank, f.agency, f.rule, f.id`,
		params(s)
	);
}

/** Findings by rule: open and confirmed ones only (dismissed and corrected drop out), unless `all`. */
export function countsByRule(s: Scope, all = false) {
	return query(
		Count,
		`SELECT f.rule, f.severity, count(*)::INTEGER AS n FROM scope_findings f ${LATEST_REVIEW}
		 WHERE f.year = $year AND ${inScope('f')} AND ($all OR ${COUNTED}) GROUP BY ALL ORDER BY n DESC, f.rule, f.severity`,
		params(s, { all })
	);
}

export const GoneRow = z.object({
	id: z.string(),
	agency_id: Id,
	agency: z.string().nullable(),
	year: z.number().int(),
	rule: RuleId,
	message: z.string(),
	state: z.enum(REVIEW_STATES),
	at: z.coerce.string()
});

/** Reviewed findings the latest rebuild no longer finds (已消除), of an agency or of a scope's year. */
export function goneFindings(where: { agency: number } | { scope: Scope }) {
	const filter = 'agency' in where ? 'r.agency_id = $agency' : `r.year = $year AND r.agency_id IN (SELECT a.id FROM agencies a WHERE ${IN_SCOPE})`;
	return query(
		GoneRow,
		`SELECT r.finding_id AS id, any_value(r.agency_id) AS agency_id, any_value(ag.name) AS agency, any_value(r.year) AS year, any_value(r.rule) AS rule,
		        arg_max(r.message, r.id) AS message, arg_max(r.state, r.id) AS state, strftime(max(r."at"), '%Y-%m-%d %H:%M') AS "at"
		 FROM wb.reviews r LEFT JOIN agencies ag ON ag.id = r.agency_id
		 WHERE ${filter} AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.id = r.finding_id)
		   AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.former_id = r.finding_id)
		 GROUP BY r.finding_id ORDER BY year DESC, id`,
		'agency' in where ? { agency: where.agency } : params(where.scope)
	);
}
