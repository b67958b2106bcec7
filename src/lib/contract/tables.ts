/**
 * The derived database's tables, each defined once: its columns and their DuckDB types. The DDL
 * is made from these definitions, and rows are written through them by name (rowWriter), never
 * by position. Analysts open the file with the DuckDB CLI or Python: docs/data-model.md.
 *
 * Ids of agencies and reports are BIGINT: an agency known only by its name has an id past every
 * registry id (report/ids.ts), and a report's id is its agency's × 10000 + its year.
 */
import { timestampValue, type DuckDBAppender } from '@duckdb/node-api';

/** Changes of a table's shape: a database of another version is rebuilt whole. */
export const SCHEMA_VERSION = 13; // 12: the roster, agencies' deadlines and 撤并; 13: text signatures kept, stable text rows

type SqlType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'BLOB' | 'UTINYINT' | 'UBIGINT';
interface ColumnDef {
	type: SqlType;
	/** NULL allowed (a blank cell, a finding of a report that does not exist …). */
	null?: true;
	primary?: true;
}
type Columns = Record<string, ColumnDef>;

type JsOf<T extends SqlType> = T extends 'VARCHAR'
	? string
	: T extends 'BOOLEAN'
		? boolean
		: T extends 'TIMESTAMP'
			? Date
			: T extends 'BLOB'
				? Uint8Array
				: T extends 'UBIGINT'
					? bigint
					: number;
type NullOf<D> = D extends { null: true } ? null : never;
/** A row of a table as the writers take it: every column by name, typed by its definition. */
export type Row<C extends Columns> = { [K in keyof C]: JsOf<C[K]['type']> | NullOf<C[K]> };

export interface TableDef<N extends string = string, C extends Columns = Columns> {
	name: N;
	columns: C;
}

const table = <const N extends string, const C extends Columns>(name: N, columns: C): TableDef<N, C> => ({ name, columns });

export const meta = table('meta', { key: { type: 'VARCHAR', primary: true }, value: { type: 'VARCHAR' } });

export const agencies = table('agencies', {
	id: { type: 'BIGINT', primary: true },
	name: { type: 'VARCHAR' },
	level: { type: 'VARCHAR' },
	parent_id: { type: 'BIGINT', null: true },
	region: { type: 'VARCHAR' },
	generated: { type: 'BOOLEAN' },
	/** Known only from a report's title, not from the registry. */
	needs_review: { type: 'BOOLEAN' },
	/** `;` separated */
	aliases: { type: 'VARCHAR', null: true },
	/** The name's and the aliases' pinyin (`huaianshirenminzhengfu`, `|` between names): build/pinyin.ts. */
	pinyin: { type: 'VARCHAR' },
	/** Their initials (`hasrmzf`, `|` between names). */
	initials: { type: 'VARCHAR' },
	/** The years it must report in, as the registry gives them (NULL: not given). */
	first_year: { type: 'INTEGER', null: true },
	last_year: { type: 'INTEGER', null: true },
	/** Its deadline (MM-DD of the year after): its own, else its level's as set (report/season.ts). */
	due: { type: 'VARCHAR' },
	/** 撤并: the agency that took it over (its reports stay its own). */
	merged_into: { type: 'BIGINT', null: true },
	/** Its 年报 column pages, `;` separated. */
	report_url: { type: 'VARCHAR', null: true }
});

/**
 * Who owes which year's report, and what became of it (report/season.ts rosterStatus), as of
 * the day the checks ran (meta `as_of`): a row per agency and year from its first owed or
 * reported year to its last. A year outside every row is not owed.
 */
export const roster = table('roster', {
	agency_id: { type: 'BIGINT' },
	year: { type: 'INTEGER' },
	owed: { type: 'BOOLEAN' },
	/** YYYY-MM-DD */
	due: { type: 'VARCHAR' },
	/** received / late / missing / pending / not_owed */
	status: { type: 'VARCHAR' },
	report_id: { type: 'BIGINT', null: true },
	published_date: { type: 'VARCHAR', null: true },
	published_source: { type: 'VARCHAR', null: true },
	/** Days past the deadline it was published (negative: early); NULL when the date is not known. */
	days_late: { type: 'INTEGER', null: true }
});

export const reports = table('reports', {
	id: { type: 'BIGINT', primary: true },
	agency_id: { type: 'BIGINT' },
	year: { type: 'INTEGER' },
	template: { type: 'VARCHAR' },
	title: { type: 'VARCHAR', null: true },
	/** As the report names itself. */
	agency_name: { type: 'VARCHAR' },
	source_path: { type: 'VARCHAR' },
	source_sha256: { type: 'VARCHAR' },
	format: { type: 'VARCHAR' },
	generated: { type: 'BOOLEAN' },
	/** When the file says it was published (YYYY-MM-DD), and where it says so. */
	published_date: { type: 'VARCHAR', null: true },
	published_source: { type: 'VARCHAR', null: true }
});

/** Every cell of Tables 2, 3 and 4: value NULL when blank or unreadable, raw as published. */
export const cells = table('cells', {
	report_id: { type: 'BIGINT' },
	table_key: { type: 'VARCHAR' },
	row_key: { type: 'VARCHAR' },
	col_key: { type: 'VARCHAR' },
	value: { type: 'DOUBLE', null: true },
	raw: { type: 'VARCHAR', null: true }
});

export const reportSections = table('report_sections', {
	report_id: { type: 'BIGINT' },
	section: { type: 'VARCHAR' },
	text: { type: 'VARCHAR', null: true }
});

export const reportWarnings = table('report_warnings', {
	report_id: { type: 'BIGINT' },
	code: { type: 'VARCHAR' },
	message: { type: 'VARCHAR' },
	where: { type: 'VARCHAR', null: true }
});

/**
 * Every file that gave a report: the primary source, alternatives (the same figures, another
 * file), and the files of earlier versions (更正版: decide.ts versionsOf).
 */
export const reportSources = table('report_sources', {
	report_id: { type: 'BIGINT' },
	path: { type: 'VARCHAR' },
	sha256: { type: 'VARCHAR' },
	format: { type: 'VARCHAR' },
	/** primary / alternative / earlier */
	role: { type: 'VARCHAR' },
	/** The version of the report the file gave (report_versions.version). */
	version: { type: 'INTEGER' }
});

/** Every version of a report, oldest first (1); the current one is what `reports` and `cells` hold. */
export const reportVersions = table('report_versions', {
	report_id: { type: 'BIGINT' },
	version: { type: 'INTEGER' },
	/** The file that stands for the version. */
	path: { type: 'VARCHAR' },
	sha256: { type: 'VARCHAR' },
	format: { type: 'VARCHAR' },
	template: { type: 'VARCHAR' },
	/** When the file says it was published (YYYY-MM-DD), and where it says so. */
	published_date: { type: 'VARCHAR', null: true },
	published_source: { type: 'VARCHAR', null: true },
	/** When it came (report/arrival.ts): an upload's moment, or the published date the file states; NULL when unknown. */
	arrived: { type: 'VARCHAR', null: true },
	/** upload / published */
	arrived_from: { type: 'VARCHAR', null: true },
	current: { type: 'BOOLEAN' },
	/** Cells it reads otherwise than the version before (0 for the first). */
	changed_cells: { type: 'INTEGER' }
});

/** The cells of earlier versions (the current version's are in `cells`). */
export const versionCells = table('version_cells', {
	report_id: { type: 'BIGINT' },
	version: { type: 'INTEGER' },
	table_key: { type: 'VARCHAR' },
	row_key: { type: 'VARCHAR' },
	col_key: { type: 'VARCHAR' },
	value: { type: 'DOUBLE', null: true },
	raw: { type: 'VARCHAR', null: true }
});

/** The sections of earlier versions: what their findings were read from. */
export const versionSections = table('version_sections', {
	report_id: { type: 'BIGINT' },
	version: { type: 'INTEGER' },
	section: { type: 'VARCHAR' },
	text: { type: 'VARCHAR', null: true }
});

/**
 * A finding of a missing report stands on the report that should exist. `id` is stable
 * (report/ids.ts findingId); `former_id` is the id the same finding had while its report's agency
 * was known only by name, so that a review made then follows it to the registry's agency.
 */
export const findings = table('findings', {
	id: { type: 'VARCHAR' },
	former_id: { type: 'VARCHAR', null: true },
	report_id: { type: 'BIGINT' },
	agency_id: { type: 'BIGINT' },
	year: { type: 'INTEGER' },
	rule: { type: 'VARCHAR' },
	/** What the finding is about, beside the report: a column, a row, another report … ('' for the report itself). */
	subject: { type: 'VARCHAR' },
	severity: { type: 'VARCHAR' },
	message: { type: 'VARCHAR' },
	/** JSON list of {table, row, col} */
	cells: { type: 'VARCHAR' }
});

/**
 * The findings an earlier version had (the rules of one report and of its agency's years, with
 * the agency's other reports as they stand): one the report no longer has is 已消除.
 */
export const versionFindings = table('version_findings', {
	id: { type: 'VARCHAR' },
	former_id: { type: 'VARCHAR', null: true },
	report_id: { type: 'BIGINT' },
	version: { type: 'INTEGER' },
	rule: { type: 'VARCHAR' },
	subject: { type: 'VARCHAR' },
	severity: { type: 'VARCHAR' },
	message: { type: 'VARCHAR' },
	cells: { type: 'VARCHAR' }
});

/** Every figure and rate of src/lib/report/metrics.ts, per report (value NULL when a cell is blank). */
export const metrics = table('metrics', {
	report_id: { type: 'BIGINT' },
	metric: { type: 'VARCHAR' },
	value: { type: 'DOUBLE', null: true },
	numerator: { type: 'DOUBLE', null: true },
	denominator: { type: 'DOUBLE', null: true }
});

/**
 * What 内容雷同 across agencies compares (checks/similarity.ts): each report's 总体情况 as a
 * MinHash signature, and its LSH band keys (reports sharing a key in a band are compared). Kept
 * in the file, so that a commit compares only a changed report's candidates.
 */
export const signatures = table('signatures', {
	report_id: { type: 'BIGINT' },
	agency_id: { type: 'BIGINT' },
	year: { type: 'INTEGER' },
	sig: { type: 'BLOB' }
});

export const signatureBands = table('signature_bands', {
	report_id: { type: 'BIGINT' },
	agency_id: { type: 'BIGINT' },
	year: { type: 'INTEGER' },
	band: { type: 'UTINYINT' },
	key: { type: 'UBIGINT' }
});

export const rejectedFiles = table('rejected_files', {
	path: { type: 'VARCHAR' },
	/** NULL when the file was not read (too large, not a file, unreadable). */
	sha256: { type: 'VARCHAR', null: true },
	/** report/rejections.ts: what the dashboard groups by. */
	code: { type: 'VARCHAR' },
	reason: { type: 'VARCHAR' },
	at: { type: 'TIMESTAMP' }
});

/**
 * Ingest's bookkeeping: what each entry was when last seen, so that a rerun skips it. `sha256`
 * is the content's hash, or for what was not read a signature of what was seen
 * (`too_large:SIZE:MTIME`, `not_a_file:KIND`), which a rerun compares the same way.
 */
export const files = table('files', {
	path: { type: 'VARCHAR', primary: true },
	sha256: { type: 'VARCHAR' },
	size: { type: 'BIGINT' },
	/** report / alternative / earlier (a file of an earlier version) / rejected */
	status: { type: 'VARCHAR' },
	report_id: { type: 'BIGINT', null: true },
	agency_id: { type: 'BIGINT', null: true },
	year: { type: 'INTEGER', null: true },
	/** The agency as the file names it: what a changed registry is matched against again. */
	agency_name: { type: 'VARCHAR', null: true }
});

export const TABLES = [
	meta,
	agencies,
	reports,
	cells,
	reportSections,
	reportWarnings,
	reportSources,
	reportVersions,
	versionCells,
	versionSections,
	findings,
	versionFindings,
	roster,
	metrics,
	signatures,
	signatureBands,
	rejectedFiles,
	files
] as const;
export type TableName = (typeof TABLES)[number]['name'];
/** A row of the table of that name. */
export type RowOf<N extends TableName> = Row<Extract<(typeof TABLES)[number], { name: N }>['columns']>;

function columnDdl(name: string, c: ColumnDef): string {
	return `"${name}" ${c.type}${c.primary ? ' PRIMARY KEY' : c.null ? '' : ' NOT NULL'}`;
}

export function createTableSql(t: TableDef): string {
	return `CREATE TABLE ${t.name} (${Object.entries(t.columns)
		.map(([n, c]) => columnDdl(n, c))
		.join(', ')});`;
}

export const DDL = TABLES.map(createTableSql).join('\n');

type Append = (a: DuckDBAppender, v: never) => void;
const APPEND: Record<SqlType, Append> = {
	VARCHAR: (a, v: string) => a.appendVarchar(v),
	INTEGER: (a, v: number) => a.appendInteger(v),
	BIGINT: (a, v: number) => a.appendBigInt(BigInt(v)),
	DOUBLE: (a, v: number) => a.appendDouble(v),
	BOOLEAN: (a, v: boolean) => a.appendBoolean(v),
	TIMESTAMP: (a, v: Date) => a.appendTimestamp(timestampValue(BigInt(v.getTime()) * 1000n)),
	BLOB: (a, v: Uint8Array) => a.appendBlob(v),
	UTINYINT: (a, v: number) => a.appendUTinyInt(v),
	UBIGINT: (a, v: bigint) => a.appendUBigInt(v)
};

/** Writes rows of one table to its appender, each column by its name and type. */
export function rowWriter<C extends Columns>(t: TableDef<string, C>, appender: DuckDBAppender): (row: Row<C>) => void {
	const columns = Object.entries(t.columns).map(([name, c]) => ({ name, append: APPEND[c.type], nullable: !!c.null }));
	return (row) => {
		for (const c of columns) {
			const v = (row as Record<string, unknown>)[c.name];
			if (v === null || v === undefined) {
				if (!c.nullable) throw new Error(`${t.name}.${c.name} 不能为空`);
				appender.appendNull();
			} else c.append(appender, v as never);
		}
		appender.endRow();
	};
}
