/**
 * What an ingest must read: every entry under the paths, hashed into a table and compared in SQL
 * with the `files` of the last run — new and changed files, files gone, files whose agency the
 * registry now names otherwise, the reports all that touches, and every file to read again
 * (ingest_to_read, in path order). Nothing of it is held in memory.
 *
 * The plan's tables are tables of the database being built, not TEMP ones, and are dropped
 * before it is published: DuckDB can evict their blocks without spilling them, and ingest_to_read
 * outlives the connection, so that the load starts in a fresh one (ingest.ts) — at 1.2 million
 * files the plan left its connection holding 650–780 MB.
 */
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import path from 'node:path';
import { hashFile, walkReportFiles, type SkipReason } from '../ingest/files.js';
import { INFERRED_BASE, reportId } from '../report/ids.js';
import { TRANSIENT_REJECTIONS, type RejectionCode } from '../report/rejections.js';
import { sqlList } from '../contract/sql.js';
import type { Registry } from './registry.js';
import type { BuildConnections } from './build.js';

export interface Plan {
	unchanged: number;
	changed: number;
	removed: number;
	/** Files to read: the changed ones, and the other sources of the reports they touch. */
	toRead: number;
	/** Entries that are not reports, by why (hidden, another type, documentation). */
	skipped: Partial<Record<SkipReason, number>>;
}

/** A file to read in this run, in the order they are stored. */
export interface ToRead {
	ord: number;
	path: string;
	sha256: string;
	size: number;
	generated: boolean;
	/** New, different, or credited to another agency since the last run (not only read again beside one that is). */
	changed: boolean;
	/** Refused when listed (not a file, too large, unreadable): not parsed. */
	code: RejectionCode | null;
	reason: string | null;
}

const FLUSH_EVERY = 1000;
/** The plan's tables, dropped as soon as the load needs only ingest_to_read (dropped after it: dropPlan). */
export const PLAN_TABLES = ['ingest_scan', 'ingest_changed', 'ingest_moved', 'ingest_removed', 'ingest_dropped'];

/**
 * `reattribute`: the registry, when it changed since the last run — every stored file's agency
 * name is matched against it again, and a file now credited to another agency is read again
 * with the reports it leaves and joins. `only`: a commit's files, listed instead of the paths.
 */
export async function planChanges(build: BuildConnections, paths: string[], roots: string[], reattribute: Registry | null, only?: string[]): Promise<Plan> {
	const { c } = build;
	const skipped = await scan(c, only ? await withSiblings(c, only) : paths, roots);
	// Changed, or refused for a reason that was not the file's (TRANSIENT_REJECTIONS): read again.
	await c.run(
		`CREATE OR REPLACE TABLE ingest_changed AS
		SELECT s.path FROM ingest_scan s LEFT JOIN files f USING (path)
		WHERE f.sha256 IS DISTINCT FROM s.sha256
		   OR (f.status = 'rejected' AND s.code IS NULL AND s.path IN (SELECT path FROM rejected_files WHERE list_contains(${sqlList(TRANSIENT_REJECTIONS)}, code)))`
	);
	await c.run('CREATE OR REPLACE TABLE ingest_moved (path VARCHAR, report_id BIGINT)');
	if (reattribute) await findMoved(build, reattribute);
	// A commit names its files: none of the others is looked at, so none is gone.
	await c.run(`CREATE OR REPLACE TABLE ingest_removed AS SELECT path FROM files ANTI JOIN ingest_scan USING (path) ${only ? 'LIMIT 0' : ''}`);
	// Reports touched by a change are rebuilt from all their sources, the unchanged ones included;
	// a report a moved file joins is rebuilt too (the file may outrank its source).
	await c.run(`CREATE OR REPLACE TABLE ingest_dropped AS
		SELECT report_id FROM files
		WHERE report_id IS NOT NULL AND path IN (SELECT path FROM ingest_changed UNION ALL SELECT path FROM ingest_removed UNION ALL SELECT path FROM ingest_moved)
		UNION SELECT report_id FROM ingest_moved`);
	// In path order, whatever changed: the sources of a report meet in the same order in any run.
	await c.run(`CREATE OR REPLACE TABLE ingest_to_read AS
		SELECT (row_number() OVER (ORDER BY ord))::INTEGER AS ord, path, sha256, size::DOUBLE AS size, generated, changed, code, reason
		FROM (SELECT s.*, s.path IN (SELECT path FROM ingest_changed UNION ALL SELECT path FROM ingest_moved) AS changed FROM ingest_scan s)
		WHERE changed OR path IN (SELECT path FROM files WHERE report_id IN (SELECT report_id FROM ingest_dropped))`);
	const [scanned, changed, removed, toRead] = (
		await c.runAndReadAll(
			`SELECT (SELECT count(*) FROM ingest_scan)::INTEGER, (SELECT count(*) FROM ingest_changed)::INTEGER + (SELECT count(*) FROM ingest_moved)::INTEGER,
			(SELECT count(*) FROM ingest_removed)::INTEGER, (SELECT count(*) FROM ingest_to_read)::INTEGER`
		)
	).getRowsJS()[0] as number[];
	return { unchanged: scanned - changed, changed, removed, toRead, skipped };
}

/** Whether a file is in one of the generated corpora's folders (absolute). */
export const underRoots = (roots: string[], file: string) => {
	const abs = path.resolve(file);
	return roots.some((r) => abs.startsWith(r + path.sep));
};

/** A path as `files` keeps it: relative to the working folder. */
const storedPath = (p: string) => {
	const abs = path.resolve(p);
	return path.relative(process.cwd(), abs) || abs;
};

/** A commit's files, and the stored files of the reports they were (a report is rebuilt from all its files). */
async function withSiblings(c: DuckDBConnection, only: string[]): Promise<string[]> {
	const given = only.map(storedPath);
	const rows = await c.runAndReadAll(
		`SELECT path FROM files WHERE report_id IN (SELECT report_id FROM files WHERE list_contains($given, path)) AND NOT list_contains($given, path) ORDER BY path`,
		{ given: listValue(given) }
	);
	return [...given, ...rows.getRowsJS().map(([p]) => String(p))].sort();
}

/** Every entry under the paths into ingest_scan: its hash, or the signature and reason of a refusal. */
async function scan(c: DuckDBConnection, paths: string[], roots: string[]): Promise<Plan['skipped']> {
	await c.run(
		'CREATE OR REPLACE TABLE ingest_listed (ord INTEGER, path VARCHAR, sha256 VARCHAR, size BIGINT, generated BOOLEAN, code VARCHAR, reason VARCHAR)'
	);
	const appender = await c.createAppender('ingest_listed');
	const skipped: Plan['skipped'] = {};
	let ord = 0;
	for (const p of paths) {
		for await (const entry of walkReportFiles(p, (why) => (skipped[why] = (skipped[why] ?? 0) + 1))) {
			const abs = path.resolve(entry.path);
			const stored = storedPath(abs);
			const hashed = entry.rejected ? { signature: entry.signature, size: 0, rejected: entry.rejected } : await hashFile(abs);
			appender.appendInteger(ord++);
			appender.appendVarchar(stored);
			appender.appendVarchar(hashed.rejected ? hashed.signature : hashed.sha256);
			appender.appendBigInt(BigInt(hashed.size));
			appender.appendBoolean(underRoots(roots, abs));
			if (hashed.rejected) {
				appender.appendVarchar(hashed.rejected.code);
				appender.appendVarchar(hashed.rejected.reason);
			} else {
				appender.appendNull();
				appender.appendNull();
			}
			appender.endRow();
			if (ord % FLUSH_EVERY === 0) appender.flushSync();
		}
	}
	appender.closeSync();
	// A file named twice (a folder and a file in it) is one entry.
	await c.run('CREATE OR REPLACE TABLE ingest_scan AS SELECT * FROM ingest_listed QUALIFY row_number() OVER (PARTITION BY path ORDER BY ord) = 1');
	await c.run('DROP TABLE ingest_listed');
	return skipped;
}

/**
 * Stored files whose agency name the registry now credits to another agency, with the report
 * they now belong to. Agencies known only by name keep their ids (remembered first).
 */
export async function findMoved({ c, appends }: BuildConnections, registry: Registry) {
	const known = await c.runAndReadAll('SELECT DISTINCT agency_id, agency_name FROM files WHERE agency_id >= $1', [INFERRED_BASE]);
	for (const [id, name] of known.getRowsJS()) registry.remember(Number(id), String(name));
	const moved = await appends.createAppender('ingest_moved');
	const stored = await c.stream(
		`SELECT path, agency_name, agency_id, year FROM files WHERE status IN ('report', 'alternative', 'earlier') AND path IN (SELECT path FROM ingest_scan) ORDER BY path`
	);
	for await (const rows of stored.yieldRowsJs()) {
		for (const [file, name, agencyId, year] of rows) {
			const now = registry.resolve(String(name));
			if (now === Number(agencyId)) continue;
			moved.appendVarchar(String(file));
			moved.appendBigInt(BigInt(reportId(now, Number(year))));
			moved.endRow();
		}
	}
	moved.closeSync();
}

/** What the plan replaces or removes, deleted: the touched reports' rows, and the files read again or gone. */
export async function dropStale(c: DuckDBConnection, reportTables: readonly (readonly [string, string])[]) {
	for (const [t, column] of reportTables) await c.run(`DELETE FROM ${t} WHERE ${column} IN (SELECT report_id FROM ingest_dropped)`);
	for (const t of ['files', 'rejected_files']) {
		await c.run(`DELETE FROM ${t} WHERE path IN (SELECT path FROM ingest_to_read UNION ALL SELECT path FROM ingest_removed)`);
	}
	// What the load needs of the plan is the files to read: the rest goes now, not at the end
	// (at 274,000 files the plan's tables took 150 MB of DuckDB's memory).
	for (const t of PLAN_TABLES) await c.run(`DROP TABLE ${t}`);
}

/** ingest_to_read, a page at a time. */
export async function* filesToRead(c: DuckDBConnection): AsyncGenerator<ToRead> {
	const PAGE = 2000;
	for (let from = 0; ; from += PAGE) {
		const rows = (
			await c.runAndReadAll('SELECT ord, path, sha256, size, generated, changed, code, reason FROM ingest_to_read WHERE ord > $1 AND ord <= $2 ORDER BY ord', [
				from,
				from + PAGE
			])
		).getRowObjectsJS() as unknown as ToRead[];
		if (!rows.length) return;
		yield* rows;
	}
}

/** The last of the plan, once every file is read: the database published holds none of it. */
export async function dropPlan(c: DuckDBConnection) {
	await c.run('DROP TABLE IF EXISTS ingest_to_read');
}
