/** Named queries about reports and files. */
import { z } from 'zod';
import { query } from '../db.js';
import { Format, Id, Level, RejectionCode, Template } from './columns.js';
import { IN_SCOPE, params, type Scope } from './scope.js';

export const ReportListRow = z.object({
	id: Id,
	agency_id: Id,
	agency: z.string(),
	region: z.string(),
	level: Level,
	year: z.number().int(),
	template: Template,
	format: Format,
	generated: z.boolean(),
	source_path: z.string(),
	new_received: z.number().nullable(),
	warnings: z.number().int(),
	alternatives: z.number().int()
});
export type ReportListRow = z.infer<typeof ReportListRow>;

/** The reports of the scope's region and level, all years (at most `limit`), and how many there are. */
export async function listReports(s: Scope, limit = 1000): Promise<{ rows: ReportListRow[]; total: number }> {
	const rows = await query(
		ReportListRow.extend({ n: z.number().int() }),
		`WITH w AS (SELECT report_id, count(*) AS n FROM report_warnings GROUP BY report_id),
		      alt AS (SELECT report_id, count(*) AS n FROM report_sources WHERE role = 'alternative' GROUP BY report_id),
		      picked AS (
		        SELECT r.*, a.name AS agency, a.region, a.level FROM reports r JOIN agencies a ON a.id = r.agency_id
		        WHERE ${IN_SCOPE})
		 SELECT p.id, p.agency_id, p.agency, p.region, p.level, p.year, p.template, p.format, p.generated, p.source_path,
		        m.value AS new_received, coalesce(w.n, 0)::INTEGER AS warnings, coalesce(alt.n, 0)::INTEGER AS alternatives,
		        (SELECT count(*) FROM picked)::INTEGER AS n
		 FROM picked p
		 LEFT JOIN metrics m ON m.report_id = p.id AND m.metric = 'new_received'
		 LEFT JOIN w ON w.report_id = p.id LEFT JOIN alt ON alt.report_id = p.id
		 ORDER BY p.generated, p.region, p.agency, p.year LIMIT $limit`,
		params(s, { limit })
	);
	return { rows: rows.map(({ n: _n, ...r }) => r), total: rows[0]?.n ?? 0 };
}

export const RejectedRow = z.object({ path: z.string(), code: RejectionCode, reason: z.string(), at: z.coerce.string() });

export function listRejected(): Promise<z.infer<typeof RejectedRow>[]> {
	return query(RejectedRow, `SELECT path, code, reason, "at" FROM rejected_files ORDER BY path`);
}
