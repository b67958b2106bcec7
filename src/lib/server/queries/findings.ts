/** Findings, filtered: the 异常 page and the lists on the agency and report pages. */
import { z } from 'zod';
import { query } from '../db.js';
import { CellRefs, Id, RuleId, Severity } from './columns.js';
import { IN_SCOPE, params, type Scope } from './scope.js';

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
	has_report: z.boolean()
});
export type FindingRow = z.infer<typeof FindingRow>;

const SELECT = `SELECT f.id, f.report_id, f.agency_id, a.name AS agency, f.year, f.rule, f.severity, f.message, f.cells,
	EXISTS (SELECT 1 FROM reports r WHERE r.id = f.report_id) AS has_report
	FROM findings f JOIN agencies a ON a.id = f.agency_id`;
const ORDER = `ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, a.name, f.rule`;

export function findingsInScope(s: Scope, rule: string, severity: string, limit = 500) {
	return query(
		FindingRow,
		`${SELECT} WHERE f.year = $year AND ${IN_SCOPE} AND ($rule = '' OR f.rule = $rule) AND ($severity = '' OR f.severity = $severity) ${ORDER} LIMIT $limit`,
		params(s, { rule, severity, limit })
	);
}

export function findingsOfAgency(agencyId: number) {
	return query(FindingRow, `${SELECT} WHERE f.agency_id = $id ORDER BY f.year DESC, CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`, { id: agencyId });
}

export function findingsOfReport(reportId: number, limit = 300) {
	return query(FindingRow, `${SELECT} WHERE f.report_id = $id ${ORDER} LIMIT $limit`, { id: reportId, limit });
}

const Count = z.object({ rule: RuleId, severity: Severity, n: z.number().int() });

export function countsByRule(s: Scope) {
	return query(
		Count,
		`SELECT f.rule, f.severity, count(*)::INTEGER AS n FROM findings f JOIN agencies a ON a.id = f.agency_id WHERE f.year = $year AND ${IN_SCOPE} GROUP BY ALL ORDER BY n DESC`,
		params(s)
	);
}
