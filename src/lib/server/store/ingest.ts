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
 * - Streaming: files are parsed a few ahead (in parser processes when there are many) and
 *   appended one at a time, in file order; only small keys (a path, a hash) stay in memory.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rename, rm, stat, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { inProcessParser, processPool, type ParseOutcome, type Parser } from '../../ingest/pool.js';
import { reportFiles } from '../../ingest/files.js';
import { reportCells, richness } from '../../report/cells.js';
import type { Report } from '../../report/schema.js';
import { DDL, SCHEMA_VERSION } from './schema.js';
import { Registry, readRegistryCsv, type Agency } from './registry.js';
import { runChecks } from './checks.js';
import { METRICS, computeMetric, type CellRef } from '../../report/metrics.js';
import { RULES } from '../../checks/rules.js';

/**
 * What the stored data were derived with: the schema, the metrics and the rules. A database made
 * with other definitions is rebuilt from the files, not patched.
 */
export const DEFINITIONS = createHash('sha256')
	.update(JSON.stringify([SCHEMA_VERSION, METRICS.map((m) => [m.key, m.numerator, m.denominator]), RULES.map((r) => [r.id, r.severity])]))
	.digest('hex')
	.slice(0, 16);

import { GENERATED_MARKER_FILE as GENERATED_MARKER } from '../../generate/marker.js';
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
}

/**
 * Below this many files to read, parsing stays in this process: parser processes take ~0.7 s to
 * start and warm up, which 2,000 files on two cores barely win back (8.9 s against 8.5 s).
 */
export const POOL_MIN_FILES = 3000;
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
}

interface FileInfo {
	path: string;
	sha256: string;
	size: number;
	generated: boolean;
}

interface OldFile {
	sha256: string;
	status: string;
	report_id: number | null;
	agency_id: number | null;
	year: number | null;
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

async function readOldState(db: string): Promise<{ files: Map<string, OldFile>; agencies: Agency[] } | null> {
	if (!existsSync(db)) return null;
	let instance: DuckDBInstance | null = null;
	try {
		instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
		const c = await instance.connect();
		const version = (await c.runAndReadAll(`SELECT value FROM meta WHERE key = 'definitions'`)).getRowObjects()[0]?.value;
		if (String(version) !== DEFINITIONS) return null;
		const files = new Map<string, OldFile>();
		const rows = (await c.runAndReadAll('SELECT path, sha256, status, report_id, agency_id, year FROM files')).getRowObjectsJS();
		for (const r of rows) files.set(String(r.path), r as unknown as OldFile);
		const agencies = (
			await c.runAndReadAll('SELECT id, name, level, parent_id, region, aliases, generated, needs_review FROM agencies WHERE needs_review')
		)
			.getRowObjectsJS()
			.map((a) => ({ ...a, aliases: a.aliases ? String(a.aliases).split(';') : [] }) as unknown as Agency);
		c.closeSync();
		return { files, agencies };
	} catch {
		return null; // unreadable or from an older schema: rebuilt from scratch
	} finally {
		instance?.closeSync();
	}
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

	// What is there now.
	const files: FileInfo[] = [];
	for (const p of opts.paths) {
		for await (const f of reportFiles(p)) {
			const abs = path.resolve(f);
			const { sha256: sha, size } = await sha256(abs);
			files.push({ path: path.relative(process.cwd(), abs) || abs, sha256: sha, size, generated: roots.some((r) => abs.startsWith(r + path.sep)) });
		}
	}
	const old = await readOldState(db);
	const current = new Map(files.map((f) => [f.path, f]));
	const changed = files.filter((f) => old?.files.get(f.path)?.sha256 !== f.sha256);
	const changedPaths = new Set(changed.map((f) => f.path));
	const removed = old ? [...old.files.keys()].filter((p) => !current.has(p)) : [];
	const unchanged = files.length - changed.length;
	if (old && !changed.length && !removed.length) {
		await markChecked(db);
		return { ingested: 0, unchanged, rejected: 0, removed: 0, reports: 0, written: false };
	}

	// The new database: a copy of the old one, updated, in a temporary file beside it.
	const tmp = `${db}.tmp-${process.pid}`;
	await rm(tmp, { force: true });
	await rm(`${tmp}.wal`, { force: true });
	if (old) await copyFile(db, tmp);
	// (no old state: a first build, or a database of other definitions, rebuilt whole)
	let instance = await openBuild(tmp);
	let c = await instance.connect();
	const writer = new Writer(c);
	let ingested = 0;
	let rejected = 0;
	let reports = 0;
	try {
		if (!old) await c.run(DDL);
		const registry = new Registry([...agencies, ...(old?.agencies.filter((a) => !agencies.some((b) => b.id === a.id)) ?? [])]);

		// Reports touched by a change are rebuilt from all their sources.
		const touched = new Set<string>();
		const dropReports = new Set<number>();
		for (const p of [...changed.map((f) => f.path), ...removed]) {
			const o = old?.files.get(p);
			if (o?.report_id != null) {
				dropReports.add(o.report_id);
				touched.add(`${o.agency_id}:${o.year}`);
			}
		}
		const siblings = old
			? [...old.files.entries()]
					.filter(([p, o]) => current.has(p) && !changedPaths.has(p) && touched.has(`${o.agency_id}:${o.year}`))
					.map(([p]) => current.get(p)!)
			: [];
		const toRead = [...changed, ...siblings];
		const readPaths = [...toRead.map((f) => f.path), ...removed];
		if (old) {
			const ids = [...dropReports];
			for (const t of ['cells', 'metrics', 'report_sections', 'report_warnings', 'report_sources', 'findings', 'reports']) {
				const col = t === 'reports' ? 'id' : 'report_id';
				for (let i = 0; i < ids.length; i += 1000) {
					const chunk = ids.slice(i, i + 1000);
					await c.run(`DELETE FROM ${t} WHERE ${col} IN (${chunk.map((_, k) => `$${k + 1}`).join(',')})`, chunk);
				}
			}
			for (let i = 0; i < readPaths.length; i += 1000) {
				const chunk = readPaths.slice(i, i + 1000);
				const params = chunk.map((_, k) => `$${k + 1}`).join(',');
				await c.run(`DELETE FROM files WHERE path IN (${params})`, chunk);
				await c.run(`DELETE FROM rejected_files WHERE path IN (${params})`, chunk);
			}
		}

		// Primary source of each report written in this run: only small keys stay in memory.
		const primaries = new Map<number, { richness: number; format: string; path: string }>();
		const rejectFile = async (f: FileInfo, reason: string) => {
			rejected++;
			await c.run('INSERT INTO rejected_files VALUES ($1, $2, $3, now())', [f.path, f.sha256, reason]);
			put(await writer.appender('files'), [f.path, f.sha256, f.size, 'rejected', null, null, null]);
		};

		// Files are parsed ahead, in other processes when there are many, and stored in order.
		const workers = opts.workers ?? (toRead.length >= POOL_MIN_FILES ? availableParallelism() : 0);
		const parser: Parser = workers > 0 ? processPool(workers) : inProcessParser();
		const window = Math.max(1, workers) * WINDOW_PER_WORKER;
		const ahead = new Map<number, Promise<ParseOutcome>>(); // index in toRead → its parse
		let asked = 0;
		let done = 0;
		try {
			for (const [i, f] of toRead.entries()) {
				for (; asked < toRead.length && asked <= i + window; asked++) ahead.set(asked, parser.parse(toRead[asked].path));
				const outcome = await ahead.get(i)!;
				ahead.delete(i);
				opts.onProgress?.(++done, toRead.length);
				if (changedPaths.has(f.path)) ingested++;
				if (outcome.error !== undefined) {
					await rejectFile(f, outcome.error);
					continue;
				}
				const report = outcome.report;
				if (!report.agency || !report.year) {
					await rejectFile(f, report.agency ? '无法确定报告年度' : '无法确定报告单位');
					continue;
				}
				const agency = registry.resolve(report.agency, f.generated);
				const id = agency.id * 10000 + report.year;
				const mine = { richness: richness(report), format: report.format, path: f.path };
				const existing = primaries.get(id);
				let role: 'primary' | 'alternative' = 'primary';
				if (existing) {
					const better =
						mine.richness > existing.richness ||
						(mine.richness === existing.richness && FORMAT_PREFERENCE.indexOf(mine.format) < FORMAT_PREFERENCE.indexOf(existing.format));
					writer.flush();
					if (better) {
						for (const t of ['cells', 'metrics', 'report_sections', 'report_warnings', 'findings']) await c.run(`DELETE FROM ${t} WHERE report_id = $1`, [id]);
						await c.run('DELETE FROM reports WHERE id = $1', [id]);
						await c.run(`UPDATE report_sources SET role = 'alternative' WHERE report_id = $1`, [id]);
						await c.run(`UPDATE files SET status = 'alternative' WHERE report_id = $1`, [id]);
						primaries.set(id, mine);
					} else role = 'alternative';
					// The other source is read again, by the same parser: rare, and cheaper than keeping
					// every report in memory. (Gone unreadable since, it is compared with nothing.)
					const again = await parser.parse(existing.path);
					if (again.report) {
						const earlier = { path: existing.path, report: again.report };
						const now = { path: f.path, report };
						await writeConflict(writer, id, better ? now : earlier, better ? earlier : now);
					}
				} else primaries.set(id, mine);

				if (role === 'primary') {
					reports += existing ? 0 : 1;
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
			}
		} finally {
			parser.close();
		}
		writer.close();

		// The registry as it stands now, agencies added from reports included.
		await c.run('DELETE FROM agencies');
		const a = await c.createAppender('agencies');
		for (const ag of registry.all()) put(a, [ag.id, ag.name, ag.level, ag.parent_id, ag.region, ag.generated, ag.needs_review, ag.aliases.join(';')]);
		a.closeSync();
		// The checks start from a fresh instance: what DuckDB's buffers and allocator kept from
		// the load is given back first (about 100 MB of the 137,000 reports' run).
		await c.run('CHECKPOINT');
		c.closeSync();
		instance.closeSync();
		instance = await openBuild(tmp);
		c = await instance.connect();
		// The checks see every report, old and new: a new report can change another's findings.
		await runChecks(c);
		await c.run(`INSERT OR REPLACE INTO meta VALUES ('schema_version', $1), ('definitions', $2), ('built_at', CAST(now() AS VARCHAR))`, [String(SCHEMA_VERSION), DEFINITIONS]);
		await c.run('CHECKPOINT');
	} catch (e) {
		writer.close();
		c.closeSync();
		instance.closeSync();
		await rm(tmp, { force: true });
		await rm(`${tmp}.wal`, { force: true });
		throw e;
	}
	c.closeSync();
	instance.closeSync();
	// Durable before visible: the file's bytes reach the disk, then the rename publishes it.
	const handle = await open(tmp, 'r+');
	await handle.sync();
	await handle.close();
	await rm(`${tmp}.wal`, { force: true });
	await rename(tmp, db);
	await rm(`${db}.wal`, { force: true });
	await markChecked(db);
	return { ingested, unchanged, rejected, removed: removed.length, reports, written: true };
}

/**
 * The database being built. DuckDB would take most of the machine's memory for its buffers;
 * ingest streams and needs little. One thread: each thread of DuckDB holds buffers of its own,
 * and with two the checks of 140,000 reports did not fit in 256 MB; what ingest asks of DuckDB
 * is appends and a few scans, which one thread does about as fast.
 */
function openBuild(file: string): Promise<DuckDBInstance> {
	return DuckDBInstance.create(file, {
		memory_limit: process.env.NIANBAO_INGEST_MEMORY ?? '256MB',
		threads: '1',
		preserve_insertion_order: 'false'
	});
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
		Math.floor(id / 10000),
		id % 10000,
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
