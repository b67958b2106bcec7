/**
 * The rows of the database being built, written through DuckDB's appenders by table definition
 * (tables.ts): a report's rows, a file's bookkeeping, a finding.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { reportCells } from '../report/cells.js';
import { METRICS, computeMetric, type CellRef } from '../report/metrics.js';
import type { Report } from '../report/schema.js';
import * as T from '../contract/tables.js';
import { pinyinKeys } from './pinyin.js';
import { DEFAULT_SETTINGS, agencyDue, type SeasonSettings } from '../report/season.js';
import type { AgencyLevel } from '../report/agencies.js';

/**
 * Files stored between flushes of every appender. DuckDB's appender holds rows until it has
 * about 200,000 of a table: for narrow tables (reports, files, sources) that is the whole of a
 * province's corpus, held in native memory until the end. Flushing by files bounds them all.
 */
const FLUSH_EVERY = 1000;

export class BuildWriter {
	private appenders: DuckDBAppender[] = [];
	private writers = new Map<string, (row: never) => void>();
	private stored = 0;

	constructor(private c: DuckDBConnection) {}

	/** The typed writer of a table (its appender opened on first use). */
	async table<N extends T.TableName>(name: N): Promise<(row: T.RowOf<N>) => void> {
		let w = this.writers.get(name);
		if (!w) {
			const def = T.TABLES.find((t) => t.name === name)! as T.TableDef;
			const appender = await this.c.createAppender(name);
			this.appenders.push(appender);
			w = T.rowWriter(def, appender);
			this.writers.set(name, w);
		}
		return w as (row: T.RowOf<N>) => void;
	}

	/** One more file stored: every FLUSH_EVERY, what the appenders hold goes to the tables. */
	fileStored() {
		if (++this.stored % FLUSH_EVERY === 0) this.flush();
	}

	flush() {
		for (const a of this.appenders) a.flushSync();
	}

	close() {
		for (const a of this.appenders) a.closeSync();
		this.appenders = [];
		this.writers.clear();
	}
}

export interface StoredReport {
	id: number;
	agencyId: number;
	report: Report;
	path: string;
	sha256: string;
	generated: boolean;
}

/** A report's own rows: the report, its cells, sections, warnings, and its metrics (which read its cells only). */
export async function writeReport(w: BuildWriter, s: StoredReport) {
	const { id, report } = s;
	(await w.table('reports'))({
		id,
		agency_id: s.agencyId,
		year: report.year!,
		template: report.template,
		title: report.title,
		agency_name: report.agency!,
		source_path: s.path,
		source_sha256: s.sha256,
		format: report.format,
		generated: s.generated,
		published_date: report.published?.date ?? null,
		published_source: report.published?.source ?? null
	});
	const cells = await w.table('cells');
	for (const c of reportCells(report)) cells({ report_id: id, table_key: c.table, row_key: c.row, col_key: c.col, value: c.value, raw: c.raw });
	const metrics = await w.table('metrics');
	const value = (ref: CellRef) => report[ref.table][ref.row]?.[ref.col] ?? null;
	for (const def of METRICS) {
		const m = computeMetric(def, value);
		metrics({ report_id: id, metric: def.key, value: m.value, numerator: m.numerator, denominator: m.denominator });
	}
	const sections = await w.table('report_sections');
	for (const [section, text] of Object.entries(report.sections)) sections({ report_id: id, section, text });
	const warnings = await w.table('report_warnings');
	for (const x of report.warnings) warnings({ report_id: id, code: x.code, message: x.message, where: x.where ?? null });
}

/** What an agency's row is made of: the registry's row, or what a report's name says. */
export interface AgencyFacts {
	id: number;
	name: string;
	level: AgencyLevel;
	parent_id: number | null;
	region: string;
	aliases: string[];
	generated: boolean;
	needs_review: boolean;
	first_year?: number | null;
	last_year?: number | null;
	due?: string | null;
	merged_into?: number | null;
	report_urls?: string[];
}

/** An agency's row, with the pinyin of its names (searched as `huaian` or `hzq`). */
export function agencyRow(a: AgencyFacts, settings: SeasonSettings = DEFAULT_SETTINGS): T.RowOf<'agencies'> {
	return {
		id: a.id,
		name: a.name,
		level: a.level,
		parent_id: a.parent_id,
		region: a.region,
		generated: a.generated,
		needs_review: a.needs_review,
		aliases: a.aliases.join(';') || null,
		...pinyinKeys([a.name, ...a.aliases]),
		first_year: a.first_year ?? null,
		last_year: a.last_year ?? null,
		due: agencyDue(a.level, a.due, settings),
		merged_into: a.merged_into ?? null,
		report_url: a.report_urls?.join(';') || null
	};
}

/** An earlier version's own rows (更正版): its cells and sections, which its findings are read from. */
export async function writeEarlierVersion(w: BuildWriter, id: number, version: number, report: Report) {
	const cells = await w.table('version_cells');
	for (const c of reportCells(report)) cells({ report_id: id, version, table_key: c.table, row_key: c.row, col_key: c.col, value: c.value, raw: c.raw });
	const sections = await w.table('version_sections');
	for (const [section, text] of Object.entries(report.sections)) sections({ report_id: id, version, section, text });
}

/** The tables that hold a report's own rows (and its findings), by the column that names it. */
export const REPORT_TABLES = [
	['cells', 'report_id'],
	['report_versions', 'report_id'],
	['version_cells', 'report_id'],
	['version_sections', 'report_id'],
	['version_findings', 'report_id'],
	['metrics', 'report_id'],
	['report_sections', 'report_id'],
	['report_warnings', 'report_id'],
	['report_sources', 'report_id'],
	['findings', 'report_id'],
	['reports', 'id']
] as const;
