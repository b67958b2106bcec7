/**
 * The DuckDB file's tables. Analysts open it with the DuckDB CLI or Python: see docs/data-model.md.
 * One row per cell keeps every table of every report queryable the same way; the views give
 * the per-report figures the dashboard draws.
 */
export const SCHEMA_VERSION = 2;

export const DDL = `
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE agencies (
	id INTEGER PRIMARY KEY,
	name VARCHAR NOT NULL,
	level VARCHAR NOT NULL,
	parent_id INTEGER,
	region VARCHAR NOT NULL,
	generated BOOLEAN NOT NULL,
	needs_review BOOLEAN NOT NULL,   -- added from a report, not from the registry
	aliases VARCHAR                 -- ; separated
);

CREATE TABLE reports (
	id INTEGER PRIMARY KEY,          -- agency_id * 10000 + year: stable across rebuilds
	agency_id INTEGER NOT NULL,
	year INTEGER NOT NULL,
	template VARCHAR NOT NULL,
	title VARCHAR,
	agency_name VARCHAR NOT NULL,    -- as the report names itself
	source_path VARCHAR NOT NULL,
	source_sha256 VARCHAR NOT NULL,
	format VARCHAR NOT NULL,
	generated BOOLEAN NOT NULL
);

-- Every cell of Tables 2, 3 and 4: value NULL when blank or unreadable, raw as published.
CREATE TABLE cells (
	report_id INTEGER NOT NULL,
	table_key VARCHAR NOT NULL,
	row_key VARCHAR NOT NULL,
	col_key VARCHAR NOT NULL,
	value DOUBLE,
	raw VARCHAR
);

CREATE TABLE report_sections (report_id INTEGER NOT NULL, section VARCHAR NOT NULL, text VARCHAR);
CREATE TABLE report_warnings (report_id INTEGER NOT NULL, code VARCHAR NOT NULL, message VARCHAR NOT NULL, "where" VARCHAR);

-- Every file that gave a report: the primary source and alternatives (the same agency and year).
CREATE TABLE report_sources (
	report_id INTEGER NOT NULL,
	path VARCHAR NOT NULL,
	sha256 VARCHAR NOT NULL,
	format VARCHAR NOT NULL,
	role VARCHAR NOT NULL            -- primary / alternative
);

-- A finding of a missing report stands on the report that should exist (agency_id * 10000 + year).
CREATE TABLE findings (
	report_id INTEGER NOT NULL,
	agency_id INTEGER NOT NULL,
	year INTEGER NOT NULL,
	rule VARCHAR NOT NULL,
	severity VARCHAR NOT NULL,       -- error / warning / info
	message VARCHAR NOT NULL,
	cells VARCHAR                    -- JSON list of {table, row, col}
);

-- Every figure and rate of src/lib/report/metrics.ts, per report (value NULL when a cell is blank).
CREATE TABLE metrics (report_id INTEGER NOT NULL, metric VARCHAR NOT NULL, value DOUBLE, numerator DOUBLE, denominator DOUBLE);

CREATE TABLE rejected_files (path VARCHAR NOT NULL, sha256 VARCHAR, reason VARCHAR NOT NULL, "at" TIMESTAMP NOT NULL);

-- Ingest's bookkeeping: what each file was when last read, so that a rerun skips it.
CREATE TABLE files (
	path VARCHAR PRIMARY KEY,
	sha256 VARCHAR NOT NULL,
	size BIGINT NOT NULL,
	status VARCHAR NOT NULL,         -- report / alternative / rejected
	report_id INTEGER,
	agency_id INTEGER,
	year INTEGER
);
`;
