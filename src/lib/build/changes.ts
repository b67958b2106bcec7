/**
 * What a build recomputes. An ingest that changed some reports and nothing else the checks read
 * (no code, registry, season or agency changed; data-model.md "Commits") records them in
 * `build_changes`, a table of the file being built: the steps after the load (the checks, the
 * serving tables, each maybe in a process of its own) recompute what those reports reach, each
 * rule over its declared scope (checks/rules.ts). Without it, everything is recomputed. The
 * steps leave in `build_changed_findings` the findings they removed or wrote, which the serving
 * tables follow; both tables are dropped before the file is published.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export const CHANGES = 'build_changes';
export const CHANGED_FINDINGS = 'build_changed_findings';

/** Starts the record of a scoped build: the reports the plan dropped (their rows are rewritten or gone). */
export async function startChanges(c: DuckDBConnection, dropped: string) {
	await c.run(`CREATE OR REPLACE TABLE ${CHANGES} AS SELECT DISTINCT report_id FROM ${dropped}`);
}

/** A report the load wrote. */
export async function addChanged(c: DuckDBConnection, reportIds: string) {
	await c.run(`INSERT INTO ${CHANGES} SELECT DISTINCT report_id FROM (${reportIds}) WHERE report_id NOT IN (SELECT report_id FROM ${CHANGES})`);
}

/** Everything is to be recomputed (a change reached beyond the reports). */
export async function dropChanges(c: DuckDBConnection) {
	await c.run(`DROP TABLE IF EXISTS ${CHANGES}; DROP TABLE IF EXISTS ${CHANGED_FINDINGS}`);
}

/** Whether this build recomputes only what its changed reports reach. */
export async function isScoped(c: DuckDBConnection): Promise<boolean> {
	const rows = await c.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE table_name = '${CHANGES}' AND NOT temporary`);
	return Number(rows.getRows()[0][0]) > 0;
}

/** Agencies whose reports changed (a report id is its agency's × 10000 + its year: report/ids.ts). */
export const CHANGED_AGENCIES = `(SELECT DISTINCT report_id // 10000 FROM ${CHANGES})`;
/** (agency, year) of the changed reports. */
export const CHANGED_YEARS = `(SELECT report_id // 10000 AS agency_id, (report_id % 10000)::INTEGER AS year FROM ${CHANGES})`;
