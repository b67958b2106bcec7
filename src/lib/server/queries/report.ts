/** One report as stored: its cells, sections, warnings and sources. */
import { z } from 'zod';
import { query } from '../db.js';
import { Format, Id, Level, Template } from './columns.js';
import { TABLE_KEYS } from '../../report/template.js';

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
		`SELECT r.id, r.agency_id, a.name AS agency, r.agency_name, a.level, a.region, r.year, r.template, r.title, r.format, r.source_path, r.generated, r.published_date, r.published_source
		 FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE r.id = $id`,
		{ id }
	);
	return row ?? null;
}

const CellRow = z.object({ table_key: z.enum(TABLE_KEYS), row_key: z.string(), col_key: z.string(), value: z.number().nullable(), raw: z.string().nullable() });
export function reportCellsOf(id: number) {
	return query(CellRow, 'SELECT table_key, row_key, col_key, value, raw FROM cells WHERE report_id = $id', { id });
}

const Section = z.object({ section: z.string(), text: z.string().nullable() });
export function reportSectionsOf(id: number) {
	return query(Section, 'SELECT section, text FROM report_sections WHERE report_id = $id', { id });
}

const Warning = z.object({ code: z.string(), message: z.string(), where: z.string().nullable() });
export function reportWarningsOf(id: number) {
	return query(Warning, 'SELECT code, message, "where" FROM report_warnings WHERE report_id = $id', { id });
}

const Source = z.object({ path: z.string(), format: Format, role: z.enum(['primary', 'alternative']), sha256: z.string() });
export function reportSourcesOf(id: number) {
	return query(Source, `SELECT path, format, role, sha256 FROM report_sources WHERE report_id = $id ORDER BY role DESC, path`, { id });
}

/** The source file of a report, for download: only a path the database lists for this report. */
export async function sourceFile(id: number, index: number) {
	const sources = await reportSourcesOf(id);
	return sources[index] ?? null;
}
