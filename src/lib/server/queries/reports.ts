/** Named queries about reports and files. */
import { z } from 'zod';
import { query } from '../db.js';

export const ReportListRow = z.object({
	id: z.number().int(),
	agency_id: z.number().int(),
	agency: z.string(),
	region: z.string(),
	level: z.string(),
	year: z.number().int(),
	template: z.string(),
	format: z.string(),
	generated: z.boolean(),
	source_path: z.string(),
	new_received: z.number().nullable(),
	warnings: z.number().int(),
	alternatives: z.number().int()
});
export type ReportListRow = z.infer<typeof ReportListRow>;

export function listReports(): Promise<ReportListRow[]> {
	return query(
		ReportListRow,
		`SELECT r.id, r.agency_id, a.name AS agency, a.region, a.level, r.year, r.template, r.format, r.generated, r.source_path,
		        (SELECT value FROM cells c WHERE c.report_id = r.id AND c.table_key = 'applications' AND c.row_key = 'new_received' AND c.col_key = 'total') AS new_received,
		        (SELECT count(*) FROM report_warnings w WHERE w.report_id = r.id)::INTEGER AS warnings,
		        (SELECT count(*) FROM report_sources s WHERE s.report_id = r.id AND s.role = 'alternative')::INTEGER AS alternatives
		 FROM reports r JOIN agencies a ON a.id = r.agency_id
		 ORDER BY r.generated, a.region, a.name, r.year`
	);
}

export const RejectedRow = z.object({ path: z.string(), reason: z.string(), at: z.coerce.string() });

export function listRejected(): Promise<z.infer<typeof RejectedRow>[]> {
	return query(RejectedRow, `SELECT path, reason, "at" FROM rejected_files ORDER BY path`);
}
