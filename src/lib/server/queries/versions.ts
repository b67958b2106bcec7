/**
 * A report's versions (更正版, docs/data-model.md): when each came and from which file — by whom,
 * from the workbench's uploads, for whom may read reviewers' names —, the cells each changed,
 * and the findings an earlier version had that the report no longer has (已消除). All of it is
 * derived at query time from what the files give (report_versions, version_cells,
 * version_findings) and the workbench's reviews and uploads: a rebuild gives it again.
 */
import { z } from 'zod';
import { query } from '../db.js';
import { CellRefs, Format, RuleId, Severity } from './columns.js';
import { TABLE_KEYS } from '../../report/template.js';
import { REVIEW_STATES } from '../../review.js';
import { LATEST_REVIEW, REVIEWED_AT, REVIEW_STATE } from '../workbench/reviews.js';

/** At most this many changed cells are listed per report (a whole table replaced is ~150). */
export const MAX_CHANGES = 1000;

const Version = z.object({
	version: z.number().int(),
	path: z.string(),
	format: Format,
	arrived: z.string().nullable(),
	arrived_from: z.enum(['upload', 'published']).nullable(),
	current: z.boolean(),
	changed_cells: z.number().int(),
	uploader: z.string().nullable(),
	uploaded_as: z.string().nullable()
});
export type VersionRow = z.infer<typeof Version>;

/** The report's versions, oldest first; `names`: whether the uploader's account name is the reader's to see. */
export function versionsOfReport(id: number, names: boolean) {
	return query(
		Version,
		`SELECT v.version, v.path, v.format, v.arrived, v.arrived_from, v.current, v.changed_cells,
		        ${names ? 'up.username' : 'NULL'} AS uploader, ${names ? 'up.original_name' : 'NULL'} AS uploaded_as
		 FROM report_versions v
		 LEFT JOIN (SELECT f.stored_path, arg_max(u.username, u.created_at) AS username, arg_max(left(f.original_name, 200), u.created_at) AS original_name
		            FROM wb.upload_files f JOIN wb.uploads u ON u.id = f.upload_id WHERE f.stored_path IS NOT NULL GROUP BY f.stored_path) up
		   ON up.stored_path = v.path
		 WHERE v.report_id = $id ORDER BY v.version`,
		{ id }
	);
}

const Change = z.object({
	version: z.number().int(),
	table_key: z.enum(TABLE_KEYS),
	row_key: z.string(),
	col_key: z.string(),
	before: z.number().nullable(),
	after: z.number().nullable()
});
export type ChangeRow = z.infer<typeof Change>;

/**
 * The cells each version reads otherwise than the one before it (build/decide.ts changedCells:
 * of the cells whose figure both know — a number, or a blank as published).
 */
export function changesOfReport(id: number) {
	return query(
		Change,
		`WITH known AS (
		   SELECT version, table_key, row_key, col_key, value FROM version_cells WHERE report_id = $id AND (value IS NOT NULL OR trim(raw) = '')
		   UNION ALL
		   SELECT (SELECT max(version) FROM report_versions WHERE report_id = $id), table_key, row_key, col_key, value
		   FROM cells WHERE report_id = $id AND (value IS NOT NULL OR trim(raw) = ''))
		 SELECT b.version, b.table_key, b.row_key, b.col_key, a.value AS before, b.value AS after
		 FROM known a JOIN known b ON b.version = a.version + 1 AND a.table_key = b.table_key AND a.row_key = b.row_key AND a.col_key = b.col_key
		 WHERE a.value IS DISTINCT FROM b.value
		 ORDER BY b.version, b.table_key, b.row_key, b.col_key LIMIT $max`,
		{ id, max: MAX_CHANGES }
	);
}

const Eliminated = z.object({
	id: z.string(),
	former_id: z.string().nullable(),
	rule: RuleId,
	severity: Severity,
	message: z.string(),
	cells: CellRefs,
	/** The last version that had it: the next one no longer does. */
	last_version: z.number().int(),
	state: z.enum(REVIEW_STATES).nullable(),
	reviewed_at: z.string().nullable()
});
export type EliminatedRow = z.infer<typeof Eliminated>;

/**
 * Findings of the report's earlier versions that the report no longer has, with their latest
 * review (`reviews`: whether reviews are the reader's to see).
 */
export function eliminatedOfReport(id: number, reviews: boolean) {
	return query(
		Eliminated,
		`SELECT f.id, any_value(f.former_id) AS former_id, any_value(f.rule) AS rule, arg_max(f.severity, f.version) AS severity,
		        left(arg_max(f.message, f.version), 300) AS message, arg_max(f.cells, f.version) AS cells, max(f.version) AS last_version,
		        ${reviews ? `any_value(${REVIEW_STATE})` : 'NULL'} AS state, ${reviews ? `strftime(any_value(${REVIEWED_AT}), '%Y-%m-%d %H:%M')` : 'NULL'} AS reviewed_at
		 FROM version_findings f ${LATEST_REVIEW}
		 WHERE f.report_id = $id AND NOT EXISTS (SELECT 1 FROM findings cur WHERE cur.report_id = $id AND cur.id = f.id)
		 GROUP BY f.id ORDER BY last_version, f.id LIMIT 300`,
		{ id }
	);
}
