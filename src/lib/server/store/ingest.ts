/**
 * Ingest: report files → validated Reports → the DuckDB file, reliably and again and again.
 *
 * - Incremental: each file's sha256 is kept; a rerun on the same files changes nothing and does
 *   not even rewrite the database. A changed file replaces its report.
 * - Never half-written: the new database is built in a temporary file beside the old one (a copy
 *   of it, updated) and renamed into place; readers holding the old file keep reading it.
 * - One bad file never stops the batch: it goes to rejected_files with its reason.
 * - One report per agency and year: the richer source is primary, others are alternatives, and
 *   values in which they disagree are a finding.
 * - Streaming: the list of files, their hashes and the plan of what to read are temporary
 *   tables; files are parsed a few ahead (in parser processes when there are many) and appended
 *   one at a time, in file order, with the appenders flushed every 1,000. What stays in memory is
 *   a bit per agency and year (which reports exist, for a second source of one) and the
 *   registry's entry per agency; the rest waits in DuckDB, within its memory limit. The checks
 *   run after, in a process of their own when there are many reports.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rename, rm, stat, readdir, writeFile } from 'node:fs/promises';
import { constants, existsSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { inProcessParser, processPool, type ParseOutcome, type Parser } from '../../ingest/pool.js';
import { reportFiles } from '../../ingest/files.js';
import { reportCells, richness } from '../../report/cells.js';
import type { Report } from '../../report/schema.js';
import { DDL, SCHEMA_VERSION } from './schema.js';
import { Registry, readRegistryCsv, type Agency } from './registry.js';
import { checkBuild, checkBuildApart, openBuild, type ChecksRun } from './build.js';
import { METRICS, computeMetric, type CellRef } from '../../report/metrics.js';
import { RULES } from '../../checks/rules.js';
import { ReportIdSet, agencyOfReport, reportId, yearOfReport } from '../../report/ids.js';
import { GENERATED_MARKER_FILE as GENERATED_MARKER } from '../../generate/marker.js';

/**
 * What the stored data were derived with: the schema, the metrics and the rules. A database made
 * with other definitions is rebuilt from the files, not patched.
 */
export const DEFINITIONS = createHash('sha256')
	.update(JSON.stringify([SCHEMA_VERSION, METRICS.map((m) => [m.key, m.numerator, m.denominator]), RULES.map((r) => [r.id, r.severity])]))
	.digest('hex')
	.slice(0, 16);

const FORMAT_PREFERENCE = ['docx', 'html', 'pdf', 'txt'];

export interface IngestOptions {
	paths: string[];
	db: string;
	/** The registry of real agencies; default data/agencies.csv when present; null for none. */
	registry?: string | null;
	onProgress?: (done: number, total: number) => void;
	/**
	 * Parser processes; default: one per core when there are enough files to repay starting
	 * them (POOL_MIN_FILES), else parsing in this process. 0 parses in this process.
	 */
	workers?: number;
	/** Run the checks in a process of their own; default: over CHECKS_APART_MIN_REPORTS reports. */
	checksApart?: boolean;
}

/**
 * Below this many files to read, parsing stays in this process: parser processes take ~0.7 s to
 * start and warm up, which 2,000 files on two cores barely win back (8.9 s against 8.5 s).
 */
export const POOL_MIN_FILES = 3000;
/**
 * From this many stored reports, the checks run in a process of their own (~0.5 s to start): the
 * memory the load leaves held is then not added to theirs.
 */
export const CHECKS_APART_MIN_REPORTS = 3000;
/** Files handed to the parsers ahead of the one being stored: enough to keep every parser busy. */
const WINDOW_PER_WORKER = 8;

export interface IngestSummary {
	ingested: number;
	unchanged: number;
	rejected: number;
	removed: number;
	reports: number;
	/** False when nothing changed and the database was left as it was. */
	written: boolean;
	/** Peak resident memory (MB) of the load's process and of the checks' (the same one for few reports). */
	peakMb?: { load: number; checks: number };
}

/** A file to read in this run, in the order they are stored. */
interface ToRead {
	ord: number;
	path: string;
	sha256: string;
	size: number;
	generated: boolean;
	/** New or different since the last run (not only read again beside one that is). */
	changed: boolean;
}

async function sha256(file: string): Promise<{ sha256: string; size: number }> {
	const bytes = await readFile(file);
	return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

/** Generated corpora below the paths: folders with the marker, and their registries. */
async function generatedRoots(paths: string[]): Promise<string[]> {
	const roots: string[] = [];
	const walk = async (dir: string, depth: number) => {
		if (existsSync(path.join(dir, GENERATED_MARKER))) {
			roots.push(path.resolve(dir));
			return;
		}
		if (depth > 3) return;
		let entries;
		try {
			entries = await readdir(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) await walk(path.join(dir, e.name), depth + 1);
	};
	for (const p of paths) await walk(p, 0);
	// A path inside a generated corpus is generated too.
	for (const p of paths) {
		let d = path.resolve(p);
		while (d !== path.dirname(d)) {
			if (existsSync(path.join(d, GENERATED_MARKER)) && !roots.includes(d)) roots.push(d);
			d = path.dirname(d);
		}
	}
	return roots;
}

/**
 * Reports stored between flushes of every appender. DuckDB's appender holds rows until it has
 * about 200,000 of a table: for narrow tables (reports, files, sources) that is the whole of a
 * province's corpus, held in native memory until the end. Flushing by reports bounds them all.
 */
const FLUSH_EVERY = 1000;

class Writer {
	private appenders = new Map<string, DuckDBAppender>();
	private stored = 0;
	constructor(private c: DuckDBConnection) {}

	/** One more file stored: every FLUSH_EVERY, what the appenders hold goes to the table. */
	fileStored() {
		if (++this.stored % FLUSH_EVERY === 0) this.flush();
	}

	async appender(table: string): Promise<DuckDBAppender> {
		let a = this.appenders.get(table);
		if (!a) {
			a = await this.c.createAppender(table);
			this.appenders.set(table, a);
		}
		return a;
	}

	flush() {
		for (const a of this.appenders.values()) a.flushSync();
	}

	close() {
		for (const a of this.appenders.values()) a.closeSync();
		this.appenders.clear();
	}
}

function put(a: DuckDBAppender, values: (string | number | boolean | null)[]) {
	for (const v of values) {
		if (v === null) a.appendNull();
		else if (typeof v === 'string') a.appendVarchar(v);
		else if (typeof v === 'boolean') a.appendBoolean(v);
		else if (Number.isInteger(v)) a.appendInteger(v);
		else a.appendDouble(v);
	}
	a.endRow();
}

export async function ingest(opts: IngestOptions): Promise<IngestSummary> {
	const db = path.resolve(opts.db);
	await mkdir(path.dirname(db), { recursive: true });

	// The registries: real agencies, then each generated corpus's own.
	const roots = await generatedRoots(opts.paths);
	const registryFile = opts.registry === null ? undefined : (opts.registry ?? (existsSync('data/agencies.csv') ? 'data/agencies.csv' : undefined));
	const agencies: Agency[] = registryFile ? await readRegistryCsv(registryFile, false) : [];
	for (const root of roots) {
		const csv = path.join(root, 'agencies.csv');
		if (existsSync(csv)) agencies.push(...(await readRegistryCsv(csv, true)));
	}

	// The new database: a copy of the old one, updated, in a temporary file beside it. (Made with
	// other definitions, or missing, it is rebuilt whole.) Copying first lets the list of files
	// and the comparison with the old one live in DuckDB, not in memory; a rerun that finds
	// nothing changed throws the copy away (~0.25 s for 350 MB).
	const reuse = existsSync(db) && (await definitionsOf(db)) === DEFINITIONS;
	const tmp = `${db}.tmp-${process.pid}`;
	const discard = async () => {
		await rm(tmp, { force: true });
		await rm(`${tmp}.wal`, { force: true });
	};
	await removeAbandoned(db);
	if (reuse) await copyFile(db, tmp, constants.COPYFILE_FICLONE);
	const instance = await openBuild(tmp);
	const c = await instance.connect();
	const writer = new Writer(c);
	let ingested = 0;
	let rejected = 0;
	let reports = 0;
	let plan: Plan;
	let loadPeakMb = 0;
	let checks: ChecksRun;
	try {
		if (!reuse) await c.run(DDL);
		plan = await planChanges(c, opts.paths, roots);
		if (reuse && !plan.changed && !plan.removed) {
			c.closeSync();
			instance.closeSync();
			await discard();
			await markChecked(db);
			return { ingested: 0, unchanged: plan.unchanged, rejected: 0, removed: 0, reports: 0, written: false };
		}
		await dropStale(c);
		// What the load needs of the plan is the files to read: the rest goes now, not at the end
		// (at 274,000 files the plan's tables took 150 MB of DuckDB's memory).
		for (const t of ['ingest_scan', 'ingest_changed', 'ingest_removed', 'ingest_dropped']) await c.run(`DROP TABLE ${t}`);
		const reviewed = (await c.runAndReadAll('SELECT id, name, level, parent_id, region, aliases, generated, needs_review FROM agencies WHERE needs_review'))
			.getRowObjectsJS()
			.map((a) => ({ ...a, aliases: a.aliases ? String(a.aliases).split(';') : [] }) as unknown as Agency);
		const registry = new Registry([...agencies, ...reviewed.filter((a) => !agencies.some((b) => b.id === a.id))]);

		// Every report stored, by earlier runs or by this one, so that a new source of one is not
		// taken for a new report: a bit per agency and year, against a query per file.
		const stored = new ReportIdSet();
		for await (const rows of (await c.stream('SELECT id FROM reports')).yieldRows()) for (const [id] of rows) stored.add(Number(id));
		const rejectFile = async (f: ToRead, reason: string) => {
			rejected++;
			await c.run('INSERT INTO rejected_files VALUES ($1, $2, $3, now())', [f.path, f.sha256, reason]);
			put(await writer.appender('files'), [f.path, f.sha256, f.size, 'rejected', null, null, null]);
			writer.fileStored();
		};

		// Files are parsed ahead, in other processes when there are many, and stored in order.
		const workers = opts.workers ?? (plan.toRead >= POOL_MIN_FILES ? availableParallelism() : 0);
		const parser: Parser = workers > 0 ? processPool(workers) : inProcessParser();
		const window = Math.max(1, workers) * WINDOW_PER_WORKER;
		const ahead: { f: ToRead; outcome: Promise<ParseOutcome> }[] = [];
		let done = 0;
		const store = async ({ f, outcome: parsed }: (typeof ahead)[number]) => {
			const outcome = await parsed;
			opts.onProgress?.(++done, plan.toRead);
			if (f.changed) ingested++;
			if (outcome.error !== undefined) return rejectFile(f, outcome.error);
			const report = outcome.report;
			if (!report.agency || !report.year) return rejectFile(f, report.agency ? '无法确定报告年度' : '无法确定报告单位');
			const agency = registry.resolve(report.agency, f.generated);
			const id = reportId(agency.id, report.year);
			let role: 'primary' | 'alternative' = 'primary';
			const another = stored.has(id);
			if (another) {
				// Another source of the same report: read earlier in this run, or stored by an earlier
				// run. Reading it again, by the same parser, is rare and cheaper than keeping every
				// report (or even its richness) in memory.
				writer.flush();
				const otherPath = String((await c.runAndReadAll('SELECT source_path FROM reports WHERE id = $1', [id])).getRows()[0][0]);
				const other = (await parser.parse(otherPath)).report; // gone unreadable since: compared with nothing
				const rank = (r: Report) => ({ richness: richness(r), format: FORMAT_PREFERENCE.indexOf(r.format) });
				const [mine, theirs] = [rank(report), other && rank(other)];
				const better = !theirs || mine.richness > theirs.richness || (mine.richness === theirs.richness && mine.format < theirs.format);
				if (better) {
					for (const t of ['cells', 'metrics', 'report_sections', 'report_warnings', 'findings']) await c.run(`DELETE FROM ${t} WHERE report_id = $1`, [id]);
					await c.run('DELETE FROM reports WHERE id = $1', [id]);
					await c.run(`UPDATE report_sources SET role = 'alternative' WHERE report_id = $1`, [id]);
					await c.run(`UPDATE files SET status = 'alternative' WHERE report_id = $1`, [id]);
				} else role = 'alternative';
				if (other) {
					const before = { path: otherPath, report: other };
					const now = { path: f.path, report };
					await writeConflict(writer, id, better ? now : before, better ? before : now);
				}
			} else stored.add(id);

			if (role === 'primary') {
				if (!another) reports++;
				put(await writer.appender('reports'), [id, agency.id, report.year, report.template, report.title, report.agency, f.path, f.sha256, report.format, f.generated]);
				const cells = await writer.appender('cells');
				for (const cell of reportCells(report)) put(cells, [id, cell.table, cell.row, cell.col, cell.value, cell.raw]);
				// Every metric of a report depends on its own cells only: computed once, here.
				const metrics = await writer.appender('metrics');
				const value = (ref: CellRef) => report[ref.table][ref.row]?.[ref.col] ?? null;
				for (const def of METRICS) {
					const m = computeMetric(def, value);
					put(metrics, [id, def.key, m.value, m.numerator, m.denominator]);
				}
				const sections = await writer.appender('report_sections');
				for (const [k, v] of Object.entries(report.sections)) put(sections, [id, k, v]);
				const warnings = await writer.appender('report_warnings');
				for (const w of report.warnings) put(warnings, [id, w.code, w.message, w.where ?? null]);
			}
			put(await writer.appender('report_sources'), [id, f.path, f.sha256, report.format, role]);
			put(await writer.appender('files'), [f.path, f.sha256, f.size, role === 'primary' ? 'report' : 'alternative', id, agency.id, report.year]);
			writer.fileStored();
		};
		try {
			for await (const f of filesToRead(c)) {
				ahead.push({ f, outcome: parser.parse(f.path) });
				if (ahead.length > window) await store(ahead.shift()!);
			}
			while (ahead.length) await store(ahead.shift()!);
		} finally {
			parser.close();
		}
		writer.close();

		// The registry as it stands now, agencies added from reports included.
		await c.run('DELETE FROM agencies');
		const a = await c.createAppender('agencies');
		for (const ag of registry.all()) put(a, [ag.id, ag.name, ag.level, ag.parent_id, ag.region, ag.generated, ag.needs_review, ag.aliases.join(';')]);
		a.closeSync();
		await c.run(`INSERT OR REPLACE INTO meta VALUES ('schema_version', $1), ('definitions', $2), ('built_at', CAST(now() AS VARCHAR))`, [String(SCHEMA_VERSION), DEFINITIONS]);
		const count = Number((await c.runAndReadAll('SELECT count(*) FROM reports')).getRows()[0][0]);
		await c.run('CHECKPOINT');
		c.closeSync();
		instance.closeSync();
		loadPeakMb = process.resourceUsage().maxRSS / 1024;
		// The checks see every report, old and new: a new report can change another's findings.
		// Over many reports they run in a process of their own, which gives back all it took when
		// it ends; this one keeps what the load made its allocators hold, and only waits.
		const apart = opts.checksApart ?? count >= CHECKS_APART_MIN_REPORTS;
		checks = await (apart ? checkBuildApart(tmp) : checkBuild(tmp));
	} catch (e) {
		writer.close();
		c.closeSync();
		instance.closeSync();
		await discard();
		throw e;
	}
	// Durable before visible: the file's bytes reach the disk, then the rename publishes it.
	const handle = await open(tmp, 'r+');
	await handle.sync();
	await handle.close();
	await rm(`${tmp}.wal`, { force: true });
	await rename(tmp, db);
	await rm(`${db}.wal`, { force: true });
	await markChecked(db);
	return { ingested, unchanged: plan.unchanged, rejected, removed: plan.removed, reports, written: true, peakMb: { load: loadPeakMb, checks: checks.peakMb } };
}

/**
 * Temporary databases left by ingests that were killed (their process is gone, or its number is
 * now this one's): removed before this one starts its own.
 */
async function removeAbandoned(db: string) {
	const prefix = `${path.basename(db)}.tmp-`;
	for (const name of await readdir(path.dirname(db))) {
		if (!name.startsWith(prefix)) continue;
		const pid = Number.parseInt(name.slice(prefix.length), 10);
		if (!Number.isInteger(pid) || (pid !== process.pid && alive(pid))) continue;
		await rm(path.join(path.dirname(db), name), { force: true });
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

interface Plan {
	unchanged: number;
	changed: number;
	removed: number;
	/** Files to read: the changed ones, and the other sources of the reports they touch. */
	toRead: number;
}

/**
 * Every file under the paths hashed into a temporary table and compared with the `files` of the
 * last run, in SQL: what changed, what is gone, which reports that touches, and what to read
 * (ingest_to_read, in the order files are stored). Nothing of it is held in memory.
 */
async function planChanges(c: DuckDBConnection, paths: string[], roots: string[]): Promise<Plan> {
	await c.run('CREATE OR REPLACE TEMP TABLE ingest_scan (ord INTEGER, path VARCHAR, sha256 VARCHAR, size BIGINT, generated BOOLEAN)');
	const scan = await c.createAppender('ingest_scan', 'main', 'temp');
	let ord = 0;
	for (const p of paths) {
		for await (const f of reportFiles(p)) {
			const abs = path.resolve(f);
			const { sha256: sha, size } = await sha256(abs);
			put(scan, [ord++, path.relative(process.cwd(), abs) || abs, sha, size, roots.some((r) => abs.startsWith(r + path.sep))]);
			if (ord % FLUSH_EVERY === 0) scan.flushSync();
		}
	}
	scan.closeSync();
	await c.run(`CREATE OR REPLACE TEMP TABLE ingest_changed AS
		SELECT s.path FROM ingest_scan s LEFT JOIN files f USING (path) WHERE f.sha256 IS DISTINCT FROM s.sha256`);
	await c.run('CREATE OR REPLACE TEMP TABLE ingest_removed AS SELECT path FROM files ANTI JOIN ingest_scan USING (path)');
	// Reports touched by a change are rebuilt from all their sources, the unchanged ones included.
	await c.run(`CREATE OR REPLACE TEMP TABLE ingest_dropped AS
		SELECT DISTINCT report_id, agency_id, year FROM files
		WHERE report_id IS NOT NULL AND path IN (SELECT path FROM ingest_changed UNION ALL SELECT path FROM ingest_removed)`);
	await c.run(`CREATE OR REPLACE TEMP TABLE ingest_to_read AS
		SELECT (row_number() OVER (ORDER BY NOT changed, ord))::INTEGER AS ord, path, sha256, size::DOUBLE AS size, generated, changed
		FROM (SELECT s.*, s.path IN (SELECT path FROM ingest_changed) AS changed FROM ingest_scan s)
		WHERE changed OR path IN (SELECT f.path FROM files f JOIN ingest_dropped d USING (agency_id, year))`);
	const [scanned, changed, removed, toRead] = (
		await c.runAndReadAll(
			`SELECT (SELECT count(*) FROM ingest_scan)::INTEGER, (SELECT count(*) FROM ingest_changed)::INTEGER,
			(SELECT count(*) FROM ingest_removed)::INTEGER, (SELECT count(*) FROM ingest_to_read)::INTEGER`
		)
	).getRowsJS()[0] as number[];
	return { unchanged: scanned - changed, changed, removed, toRead };
}

/** What the plan replaces or removes, deleted: the touched reports' rows, and the files read again or gone. */
async function dropStale(c: DuckDBConnection) {
	for (const t of ['cells', 'metrics', 'report_sections', 'report_warnings', 'report_sources', 'findings', 'reports']) {
		await c.run(`DELETE FROM ${t} WHERE ${t === 'reports' ? 'id' : 'report_id'} IN (SELECT report_id FROM ingest_dropped)`);
	}
	for (const t of ['files', 'rejected_files']) {
		await c.run(`DELETE FROM ${t} WHERE path IN (SELECT path FROM ingest_to_read UNION ALL SELECT path FROM ingest_removed)`);
	}
}

/** ingest_to_read, a page at a time. */
async function* filesToRead(c: DuckDBConnection): AsyncGenerator<ToRead> {
	const PAGE = 2000;
	for (let from = 0; ; from += PAGE) {
		const rows = (
			await c.runAndReadAll('SELECT ord, path, sha256, size, generated, changed FROM ingest_to_read WHERE ord > $1 AND ord <= $2 ORDER BY ord', [from, from + PAGE])
		).getRowObjectsJS() as unknown as ToRead[];
		if (!rows.length) return;
		yield* rows;
	}
}

/** Two sources of one report that disagree: a finding naming every cell in which they do. */
async function writeConflict(
	writer: Writer,
	id: number,
	primary: { report: Report; path: string },
	other: { report: Report; path: string }
) {
	const a = new Map(reportCells(primary.report).map((c) => [`${c.table}.${c.row}.${c.col}`, c]));
	const diffs = reportCells(other.report).filter((c) => {
		const p = a.get(`${c.table}.${c.row}.${c.col}`);
		return p && p.value !== null && c.value !== null && p.value !== c.value;
	});
	if (!diffs.length) return;
	const shown = diffs
		.slice(0, 5)
		.map((d) => `${d.table}.${d.row}.${d.col}：${a.get(`${d.table}.${d.row}.${d.col}`)!.value} ≠ ${d.value}`)
		.join('；');
	put(await writer.appender('findings'), [
		id,
		agencyOfReport(id),
		yearOfReport(id),
		'source_conflict',
		'warning',
		`同一报告的两个来源数值不一致（${path.basename(primary.path)} 与 ${path.basename(other.path)}，共${diffs.length}处）：${shown}`,
		JSON.stringify(diffs.map((d) => ({ table: d.table, row: d.row, col: d.col })))
	]);
}

/**
 * The time the reports were last checked against the database, kept beside it: a rerun that
 * finds nothing changed leaves the database untouched but is remembered, so that a file whose
 * time changed and content did not (copied, touched) does not make every start ingest again.
 */
const checkedMarker = (db: string) => `${db}.checked`;

async function markChecked(db: string) {
	await writeFile(checkedMarker(db), new Date().toISOString() + '\n');
}

/** The definitions fingerprint a database was made with (one row of meta), or null. */
async function definitionsOf(db: string): Promise<string | null> {
	let instance: DuckDBInstance | null = null;
	try {
		instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
		const c = await instance.connect();
		const v = (await c.runAndReadAll(`SELECT value FROM meta WHERE key = 'definitions'`)).getRowObjects()[0]?.value;
		c.closeSync();
		return v === undefined || v === null ? null : String(v);
	} catch {
		return null;
	} finally {
		instance?.closeSync();
	}
}

/** Whether the database is missing, made with other definitions, or older than any report file or registry. */
export async function isStale(db: string, paths: string[], registry = 'data/agencies.csv'): Promise<boolean> {
	if (!existsSync(db) || (await definitionsOf(db)) !== DEFINITIONS) return true;
	const marker = checkedMarker(db);
	const built = Math.max((await stat(db)).mtimeMs, existsSync(marker) ? (await stat(marker)).mtimeMs : 0);
	if (existsSync(registry) && (await stat(registry)).mtimeMs > built) return true;
	for (const p of paths) {
		for await (const f of reportFiles(p)) if ((await stat(f)).mtimeMs > built) return true;
	}
	return false;
}
