/** One report as stored: its cells, sections, warnings and sources. */
import { z } from 'zod';
import { query } from '../db.js';
import { Format, Id, Level, Template } from './columns.js';
import { TABLE_KEYS } from '../../report/template.js';

/**
 * What one report's page shows at most, whatever the database holds (an ingest of older code,
 * a file edited by hand): the page stays under 2 MB. The ingest keeps sections to the same
 * bound (ingest/bounds.ts); text past these is cut here, and said so (`truncated`).
 */
export const PAGE_BOUNDS = { sectionChars: 30_000, rawChars: 200, warnings: 200, messageChars: 300, titleChars: 500 } as const;

const Meta = z.object({
	id: Id,
	agency_id: Id,
	agency: z.string(),
	agency_name: z.string(),
	level: Level,
	region: z.string(),
	year: z.number().int(),
	template: Template,
	title: z.string().nullable(),
	format: Format,
	source_path: z.string(),
	generated: z.boolean(),
	published_date: z.string().nullable(),
	published_source: z.string().nullable()
});

export async function reportMeta(id: number) {
	const [row] = await query(
		Meta,
		`SELECT r.id, r.agency_id, left(a.name, $max) AS agency, left(r.agency_name, $max) AS agency_name, a.level, a.region, r.year, r.template,
		        left(r.title, $max) AS title, r.format, r.source_path, r.generated, r.published_date, left(r.published_source, $max) AS published_source
		 FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE r.id = $id`,
		{ id, max: PAGE_BOUNDS.titleChars }
	);
	return row ?? null;
}

const CellRow = z.object({ table_key: z.enum(TABLE_KEYS), row_key: z.string(), col_key: z.string(), value: z.number().nullable(), raw: z.string().nullable() });
export function reportCellsOf(id: number) {
	return query(CellRow, 'SELECT table_key, row_key, col_key, value, left(raw, $max) AS raw FROM cells WHERE report_id = $id', {
		id,
		max: PAGE_BOUNDS.rawChars
	});
}

const Section = z.object({ section: z.string(), text: z.string().nullable(), truncated: z.boolean() });
export function reportSectionsOf(id: number) {
	return query(
		Section,
		'SELECT section, left(text, $max) AS text, coalesce(length(text) > $max, false) AS truncated FROM report_sections WHERE report_id = $id',
		{ id, max: PAGE_BOUNDS.sectionChars }
	);
}

const Warning = z.object({ code: z.string(), message: z.string(), where: z.string().nullable() });
export function reportWarningsOf(id: number) {
	return query(
		Warning,
		'SELECT left(code, 100) AS code, left(message, $chars) AS message, left("where", 200) AS "where" FROM report_warnings WHERE report_id = $id LIMIT $n',
		{
			id,
			chars: PAGE_BOUNDS.messageChars,
			n: PAGE_BOUNDS.warnings
		}
	);
}

const Source = z.object({ path: z.string(), format: Format, role: z.enum(['primary', 'alternative', 'earlier']), sha256: z.string() });
export function reportSourcesOf(id: number) {
	return query(Source, `SELECT path, format, role, sha256 FROM report_sources WHERE report_id = $id ORDER BY role = 'primary' DESC, role, path`, { id });
}

/** The source file of a report, for download: only a path the database lists for this report. */
export async function sourceFile(id: number, index: number) {
	const sources = await reportSourcesOf(id);
	return sources[index] ?? null;
}
