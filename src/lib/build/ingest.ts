/**
 * Ingest: report files → validated Reports → the DuckDB file, reliably and again and again.
 *
 * - Incremental, and never stale: each file's sha256 is kept; the database records the versions
 *   of the code that read and checked it and of the registry (versions.ts). A rerun reads only
 *   what changed, matches stored reports again when the registry changed, checks again when the
 *   rules changed, rebuilds from the files when the readers changed, and otherwise does not even
 *   rewrite the file.
 * - Never half-written: the new database is built in a temporary file and renamed into place.
 * - One bad file never stops the batch: every entry is stored, rejected (with a code and a
 *   reason) or counted as skipped.
 * - One report per agency and year: the richer source is primary, others are alternatives, and
 *   values in which they disagree are a finding.
 * - Streaming: the plan of what to read lives in tables of the file being built; files are
 *   parsed a few ahead (in parser processes when there are many) and appended in path order. What
 *   stays in memory is a bit per agency and year (which reports exist) and the registry (45 MB for
 *   the 170,000 agencies of a nation). The checks run after, in a process of their own when there
 *   are many reports.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { inProcessParser, processPool, type ParseOutcome, type Parser } from '../ingest/pool.js';
import { walkReportFiles } from '../ingest/files.js';
import { withPageProgress } from '../ingest/progress.js';
import type { IngestStage } from '../upload/stage.js';
import type { Report } from '../report/schema.js';
import type { Rejection } from '../report/rejections.js';
import { INFERRED_BASE, ReportIdSet, agencyOfReport, findingId, reportId } from '../report/ids.js';
import { arrivalKey, uploadedAt } from '../report/arrival.js';
import { reportCells } from '../report/cells.js';
import { rulesOf } from '../checks/rules.js';
import { GENERATED_MARKER_FILE as GENERATED_MARKER } from '../generate/marker.js';
import { DDL } from '../contract/tables.js';
import type * as T from '../contract/tables.js';
import { Registry, formerFindingId, inferredAgency, readRegistryCsv, type Agency } from './registry.js';
import { runBuildSteps, connectBuild, discardBuildFile, publishBuildFile, startBuildFile, type BuildRun } from './build.js';
import { BuildWriter, REPORT_TABLES, agencyRow, writeEarlierVersion, writeReport } from './load.js';
import { dropPlan, dropStale, filesToRead, planChanges, underRoots, type Plan, type ToRead } from './plan.js';
import { changedCells, disagreements, versionsOf, whatToRedo, type MadeWith, type Placed, type Version } from './decide.js';
import { codeVersions, type CodeVersions } from './versions.js';
import { readSeasonSettings, seasonFile, seasonToday, seasonVersion, writeSeasonMeta, type BuildSeason } from './season.js';
import type { SeasonSettings } from '../report/season.js';
import { withProvenance } from './provenance.js';
import { lockDatabase } from './lock.js';
import { addChanged, dropChanges, isScoped, startChanges } from './changes.js';

export interface IngestOptions {
	paths: string[];
	db: string;
	/** The registry of real agencies; default data/agencies.csv when present; null for none. */
	registry?: string | null;
	onProgress?: (done: number, total: number) => void;
	/** Told as it goes from stage to stage, and of each file (and a scan's pages) read. */
	onStage?: (stage: IngestStage) => void;
	/**
	 * Parser processes; default: one per core when there are enough files to repay starting
	 * them (POOL_MIN_FILES), else parsing in this process. 0 parses in this process.
	 */
	workers?: number;
	/** Run the checks, then the serving tables, each in a process of its own; default: over CHECKS_APART_MIN_REPORTS reports. */
	checksApart?: boolean;
	/** Read every file and run every check, whatever the database says. */
	rebuild?: boolean;
	/**
	 * A commit: only these files (within the paths) are new or changed, and nothing else is
	 * looked at — no walk of the folders, no file taken as gone. Ignored when the code, the
	 * registry or the season changed (everything is then read or matched again).
	 */
	only?: string[];
	/** The versions of the code (default: this checkout's); tests pretend a change with them. */
	versions?: CodeVersions;
	/** The day the roster is counted as of (YYYY-MM-DD; default: today in China, or NIANBAO_TODAY). */
	today?: string;
	/** How long to wait for another ingest of the same database (default LOCK_WAIT_MS; 0: refuse at once). */
	lockWaitMs?: number;
	/** Told when it waits for another ingest, or takes over a stale lock (default: stderr). */
	onLockWait?: (message: string) => void;
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
	/** Files read in this run (new, changed, or credited to another agency) that are now a report or one's other source. */
	ingested: number;
	unchanged: number;
	/** Files refused in this run. */
	rejected: number;
	removed: number;
	/** Reports added (an agency and year not stored before). */
	reports: number;
	skipped: Plan['skipped'];
	/** False when nothing changed and the database was left as it was. */
	written: boolean;
	/** Peak resident memory (MB) of the load's process, the checks' and the serving tables' (the same one for few reports). */
	peakMb?: { load: number; checks: number; serving: number };
	/** Whether the checks and serving tables recomputed only what the changed reports reach (changes.ts). */
	scoped?: boolean;
}

/** How long an ingest waits for another writing the same database before it refuses (lock.ts). */
export const LOCK_WAIT_MS = 30 * 60_000;

/** One ingest of a database at a time: the next waits for the lock (lock.ts), then reads what the last one wrote. */
export async function ingest(opts: IngestOptions): Promise<IngestSummary> {
	const db = path.resolve(opts.db);
	await mkdir(path.dirname(db), { recursive: true });
	const release = await lockDatabase(db, {
		waitMs: opts.lockWaitMs ?? LOCK_WAIT_MS,
		onWait: opts.onLockWait ?? ((m) => process.stderr.write(`nianbao ingest: ${m}\n`))
	});
	try {
		return await ingestLocked(db, opts);
	} finally {
		await release();
	}
}

async function ingestLocked(db: string, opts: IngestOptions): Promise<IngestSummary> {
	const roots = await generatedRoots(opts.paths);
	const registry = new Registry(await readRegistries(opts.registry, roots));
	const season: BuildSeason = { asOf: opts.today ?? seasonToday(), settings: readSeasonSettings(seasonFile(opts.registry)) };
	const code = opts.versions ?? codeVersions();
	const redo = whatToRedo(await madeWith(db), code, registry.version(), seasonOf(registry, season), opts.rebuild);

	const tmp = await startBuildFile(db, !redo.fresh);
	let build = await connectBuild(tmp);
	let load: LoadCounts;
	let checks: BuildRun;
	let plan: Plan;
	try {
		if (redo.fresh) await build.c.run(DDL);
		const only = redo.recheck ? undefined : opts.only;
		plan = await planChanges(build, opts.paths, roots, redo.reattribute ? registry : null, only);
		if (!plan.changed && !plan.removed && !redo.recheck) {
			build.close();
			await discardBuildFile(tmp);
			await markChecked(db);
			return { ingested: 0, unchanged: plan.unchanged, rejected: 0, removed: 0, reports: 0, skipped: plan.skipped, written: false };
		}
		// Only reports changed: the checks and serving tables recompute what they reach (changes.ts).
		if (!redo.recheck) await startChanges(build.c, 'ingest_dropped');
		await dropStale(build.c, REPORT_TABLES);
		// The load starts on a fresh connection: hashing and comparing 1.2 million files left the
		// plan's holding 650–780 MB, which the load would otherwise start from.
		await build.c.run('CHECKPOINT');
		build.close();
		build = await connectBuild(tmp);
		load = await loadFiles(build.c, registry, plan.toRead, roots, opts);
		if (!redo.recheck) await addChanged(build.c, `SELECT report_id FROM files WHERE report_id IS NOT NULL AND path IN (SELECT path FROM ingest_to_read)`);
		await dropPlan(build.c);
		// An agency renamed or moved reaches other agencies' rows (names in messages, regions' sums): everything is recomputed.
		if (await writeAgencies(build.c, registry, season.settings, !redo.recheck)) await dropChanges(build.c);
		await writeMadeWith(build.c, code, registry.version(), seasonOf(registry, season));
		await writeSeasonMeta(build.c, season);
		const count = Number((await build.c.runAndReadAll('SELECT count(*) FROM reports')).getRows()[0][0]);
		const scoped = await isScoped(build.c);
		await build.c.run('CHECKPOINT');
		build.close();
		// The checks reach every report a change can change (each rule's scope), or all of them.
		// Over many reports they, then the serving tables, run each in a process of its own, which
		// gives back all it took when it ends; this one keeps what the load made its allocators
		// hold, and only waits. A commit's few reports need neither the memory nor the start-up.
		const apart = opts.checksApart ?? (count >= CHECKS_APART_MIN_REPORTS && !scoped);
		checks = await runBuildSteps(tmp, apart, (step) => opts.onStage?.({ stage: step === 'checks' ? 'checking' : 'writing' }));
	} catch (e) {
		try {
			build.close();
		} catch {
			// the error that brought us here is the one to report
		}
		await discardBuildFile(tmp);
		throw e;
	}
	await publishBuildFile(tmp, db);
	await markChecked(db);
	return {
		...load,
		unchanged: plan.unchanged,
		removed: plan.removed,
		skipped: plan.skipped,
		written: true,
		scoped: checks.scoped,
		peakMb: { load: load.peakMb, ...checks.peakMb }
	};
}

/** The registries: real agencies (data/agencies.csv unless told), then each generated corpus's own. */
export async function readRegistries(file: string | null | undefined, roots: string[]): Promise<Agency[]> {
	const real = file === null ? undefined : (file ?? (existsSync('data/agencies.csv') ? 'data/agencies.csv' : undefined));
	const agencies: Agency[] = real ? await readRegistryCsv(real, false) : [];
	for (const root of roots) {
		const csv = path.join(root, 'agencies.csv');
		// Row by row: a nation's 170,000 spread as arguments overflow the stack.
		if (existsSync(csv)) for (const a of await readRegistryCsv(csv, true)) agencies.push(a);
	}
	return agencies;
}

/** Generated corpora below the paths (folders with the marker), and above them. */
async function generatedRoots(paths: string[]): Promise<string[]> {
	const roots: string[] = [];
	const visit = async (dir: string, depth: number) => {
		if (existsSync(path.join(dir, GENERATED_MARKER))) {
			roots.push(path.resolve(dir));
			return;
		}
		if (depth > 3) return;
		const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
		for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) await visit(path.join(dir, e.name), depth + 1);
	};
	for (const p of paths) await visit(p, 0);
	// A path inside a generated corpus is generated too.
	for (const p of paths) {
		for (let d = path.resolve(p); d !== path.dirname(d); d = path.dirname(d)) {
			if (existsSync(path.join(d, GENERATED_MARKER)) && !roots.includes(d)) roots.push(d);
		}
	}
	return roots;
}

interface LoadCounts {
	ingested: number;
	rejected: number;
	reports: number;
	peakMb: number;
}

/** Every file of the plan parsed (a few ahead, maybe in other processes) and stored in order. */
async function loadFiles(c: DuckDBConnection, registry: Registry, total: number, roots: string[], opts: IngestOptions): Promise<LoadCounts> {
	const workers = opts.workers ?? (total >= POOL_MIN_FILES ? availableParallelism() : 0);
	const parser: Parser = withProvenance(workers > 0 ? processPool(workers) : inProcessParser());
	const store = await Store.open(c, registry, parser, roots);
	const window = Math.max(1, workers) * WINDOW_PER_WORKER;
	const ahead: { f: ToRead; outcome: Promise<ParseOutcome> }[] = [];
	let done = 0;
	const told = (page?: { file: string; n: number; of: number }) => opts.onStage?.({ stage: 'parsing', done, total, page });
	// A scan read here tells of its pages (parser processes do not: a commit's few files are read here).
	const parseAhead = (f: ToRead): Promise<ParseOutcome> =>
		f.code
			? Promise.resolve({ rejected: { code: f.code, reason: f.reason ?? '' } })
			: withPageProgress(
					(n, of) => told({ file: path.basename(f.path), n, of }),
					() => parser.parse(f.path)
				);
	const next = async () => {
		const { f, outcome } = ahead.shift()!;
		await store.file(f, await outcome);
		done++;
		opts.onProgress?.(done, total);
		told();
	};
	try {
		for await (const f of filesToRead(c)) {
			ahead.push({ f, outcome: parseAhead(f) });
			if (ahead.length > window) await next();
		}
		while (ahead.length) await next();
		await store.settleContested();
	} finally {
		parser.close();
		store.close();
	}
	return { ...store.counts, peakMb: process.resourceUsage().maxRSS / 1024 };
}

/** The load's writes: each file's outcome stored, and a second source of a report ranked against the first. */
class Store {
	counts = { ingested: 0, rejected: 0, reports: 0 };

	private constructor(
		private c: DuckDBConnection,
		private registry: Registry,
		private parser: Parser,
		/** The generated corpora's folders: a report is generated when the file standing for it is in one. */
		private roots: string[],
		private writer: BuildWriter,
		/** Every report stored, by earlier runs or by this one: a bit per agency and year. */
		private stored: ReportIdSet,
		/** Reports that got another file in this run: their files are placed at the end. */
		private contested = new Set<number>()
	) {}

	static async open(c: DuckDBConnection, registry: Registry, parser: Parser, roots: string[]): Promise<Store> {
		const stored = new ReportIdSet();
		for await (const rows of (await c.stream('SELECT id FROM reports')).yieldRowsJs()) for (const [id] of rows) stored.add(Number(id));
		// Agencies known by name keep the ids earlier runs gave them.
		const known = await c.runAndReadAll('SELECT DISTINCT agency_id, agency_name FROM reports WHERE agency_id >= $1', [INFERRED_BASE]);
		for (const [id, name] of known.getRowsJS()) registry.remember(Number(id), String(name));
		return new Store(c, registry, parser, roots, new BuildWriter(c), stored);
	}

	async file(f: ToRead, outcome: ParseOutcome) {
		if (outcome.rejected) return this.reject(f, outcome.rejected);
		const { report } = outcome;
		if (outcome.sha256 !== f.sha256) return this.reject(f, { code: 'changed_during_run', reason: '文件在读取期间被修改，下次运行时重新读取' });
		if (!report.agency) return this.reject(f, { code: 'no_agency', reason: '无法确定报告单位：标题和正文都未写明单位名称' });
		if (!report.year) return this.reject(f, { code: 'no_year', reason: '无法确定报告年度：标题和正文都未写明年度' });
		const agencyId = this.registry.resolve(report.agency);
		const id = reportId(agencyId, report.year);
		const first = !this.stored.has(id);
		if (first) {
			this.counts.reports++;
			this.stored.add(id);
			await writeReport(this.writer, { id, agencyId, report, path: f.path, sha256: f.sha256, generated: f.generated });
			(await this.writer.table('report_sources'))({ report_id: id, path: f.path, sha256: f.sha256, format: report.format, role: 'primary', version: 1 });
			const at = arrivalKey(f.path, report.published?.date ?? null);
			(await this.writer.table('report_versions'))(versionRow(id, 1, true, { at, sources: [{ path: f.path, sha256: f.sha256, report, at }] }, 0));
		} else this.contested.add(id); // another file of a stored report: placed once every file is in (settle)
		(await this.writer.table('files'))({
			path: f.path,
			sha256: f.sha256,
			size: f.size,
			status: first ? 'report' : 'alternative',
			report_id: id,
			agency_id: agencyId,
			year: report.year,
			agency_name: report.agency
		});
		if (f.changed) this.counts.ingested++;
		this.writer.fileStored();
	}

	private async reject(f: ToRead, why: Rejection) {
		this.counts.rejected++;
		const read = !f.code; // refused when listed: nothing was read, so no hash
		(await this.writer.table('rejected_files'))({ path: f.path, sha256: read ? f.sha256 : null, code: why.code, reason: why.reason, at: new Date() });
		(await this.writer.table('files'))({
			path: f.path,
			sha256: f.sha256,
			size: f.size,
			status: 'rejected',
			report_id: null,
			agency_id: null,
			year: null,
			agency_name: null
		});
		this.writer.fileStored();
	}

	/** Every report that got another file in this run, its files placed (settle). */
	async settleContested() {
		for (const id of this.contested) await this.settle(id);
		this.contested.clear();
	}

	/**
	 * A report with more than one file (stored by earlier runs or by this one): every file is read
	 * again by the same parser — rare, and cheaper than keeping every report in memory — and the
	 * files are sorted into versions (decide.ts versionsOf). The report's rows are written anew:
	 * the current version's as the report, earlier versions' cells and sections beside them.
	 * Where files of the current version disagree, a finding says so.
	 */
	private async settle(id: number) {
		this.writer.flush();
		const Row = z.object({ path: z.string(), sha256: z.string() });
		const files = (await this.c.runAndReadAll(`SELECT path, sha256 FROM files WHERE report_id = $1 AND status <> 'rejected' ORDER BY path`, [id]))
			.getRowObjectsJS()
			.map((r) => Row.parse(r));
		const placed: Placed[] = [];
		for (const f of files) {
			const o = await this.parser.parse(f.path);
			// Gone unreadable or changed since it was listed: left out (a later run reads it again).
			if (o.report && o.sha256 === f.sha256) placed.push({ ...f, report: o.report, at: arrivalKey(f.path, o.report.published?.date ?? null) });
		}
		if (!placed.length) return;
		for (const [t, column] of REPORT_TABLES) await this.c.run(`DELETE FROM ${t} WHERE ${column} = $1`, [id]);
		const versions = versionsOf(placed);
		const agencyId = agencyOfReport(id);
		for (const [i, v] of versions.entries()) {
			const n = i + 1;
			const current = n === versions.length;
			const [primary, ...others] = v.sources;
			// Generated by the file that stands for it, whichever came first: a rebuild and a commit agree.
			const generated = underRoots(this.roots, primary.path);
			if (current) await writeReport(this.writer, { id, agencyId, report: primary.report, path: primary.path, sha256: primary.sha256, generated });
			else await writeEarlierVersion(this.writer, id, n, primary.report);
			const changed = i ? changedCells(reportCells(versions[i - 1].sources[0].report), reportCells(primary.report)).length : 0;
			(await this.writer.table('report_versions'))(versionRow(id, n, current, v, changed));
			for (const s of v.sources) {
				const role = !current ? 'earlier' : s === primary ? 'primary' : 'alternative';
				(await this.writer.table('report_sources'))({ report_id: id, path: s.path, sha256: s.sha256, format: s.report.format, role, version: n });
				await this.c.run(`UPDATE files SET status = $2 WHERE path = $1`, [s.path, role === 'primary' ? 'report' : role]);
			}
			if (current) for (const other of others) await this.conflict(id, primary, other);
		}
	}

	/** Two files of one version that disagree: the `sources` rules' findings on the report (checks/rules.ts). */
	private async conflict(id: number, primary: { report: Report; path: string }, other: { report: Report; path: string }) {
		const diffs = disagreements(primary.report, other.report).map(([p, o]) => ({
			cell: { table: p.table, row: p.row, col: p.col },
			primary: p.value,
			other: o.value
		}));
		const agencyId = agencyOfReport(id);
		const year = primary.report.year!;
		for (const rule of rulesOf('sources')) {
			for (const d of rule.check({ name: path.basename(primary.path) }, { name: path.basename(other.path), path: other.path }, diffs)) {
				(await this.writer.table('findings'))({
					id: findingId(rule.id, agencyId, year, d.subject),
					former_id: formerFindingId(rule.id, agencyId, primary.report.agency!, year, d.subject),
					report_id: id,
					agency_id: agencyId,
					year,
					rule: rule.id,
					subject: d.subject,
					severity: d.severity ?? rule.severity,
					message: d.message,
					cells: JSON.stringify(d.cells)
				});
			}
		}
	}

	close() {
		this.writer.close();
	}
}

/** A version's row: when it came and how (an upload's moment, or a published date the file states). */
function versionRow(id: number, version: number, current: boolean, v: Version, changed: number): T.RowOf<'report_versions'> {
	const primary = v.sources[0];
	const uploaded = v.at !== null && v.sources.some((s) => s.at === v.at && uploadedAt(s.path));
	return {
		report_id: id,
		version,
		path: primary.path,
		sha256: primary.sha256,
		format: primary.report.format,
		template: primary.report.template,
		published_date: primary.report.published?.date ?? null,
		published_source: primary.report.published?.source ?? null,
		arrived: v.at,
		arrived_from: v.at === null ? null : uploaded ? 'upload' : 'published',
		current,
		changed_cells: changed
	};
}

/**
 * The agencies table as it stands now: the registries' rows, and the agencies known only by the
 * names reports give. True when an agency that was there is gone or not as it was. With
 * `registryAsBefore` (the registry and the season unchanged), the registry's rows are kept as
 * they are and only agencies known by name are added (~1 s of pinyin for 20,000 agencies saved).
 */
async function writeAgencies(c: DuckDBConnection, registry: Registry, settings: SeasonSettings, registryAsBefore: boolean): Promise<boolean> {
	const byName = (
		await c.runAndReadAll(
			`SELECT agency_id, arg_max(agency_name, year) AS name, bool_or(generated) AS generated FROM reports WHERE agency_id >= $1 GROUP BY agency_id ORDER BY agency_id`,
			[INFERRED_BASE]
		)
	)
		.getRowsJS()
		.map(([id, name, generated]) => inferredAgency(Number(id), String(name), Boolean(generated)));
	if (registryAsBefore) {
		const known = new Map(
			(await c.runAndReadAll('SELECT id, name, generated FROM agencies WHERE id >= $1', [INFERRED_BASE]))
				.getRowsJS()
				.map(([id, name, generated]) => [Number(id), [name, generated]])
		);
		const still = byName.filter((a) => known.has(a.id));
		const same = still.length === known.size && still.every((a) => known.get(a.id)![0] === a.name && known.get(a.id)![1] === a.generated);
		if (same) {
			const writer = new BuildWriter(c);
			const write = await writer.table('agencies');
			for (const a of byName) if (!known.has(a.id)) write(agencyRow(a, settings));
			writer.close();
			return false;
		}
	}
	await c.run('CREATE OR REPLACE TEMP TABLE agencies_before AS SELECT * FROM agencies');
	await c.run('DELETE FROM agencies');
	const writer = new BuildWriter(c);
	const write = await writer.table('agencies');
	for (const a of registry.all()) write(agencyRow(a, settings));
	for (const a of byName) write(agencyRow(a, settings));
	writer.close();
	const changed = Number((await c.runAndReadAll('SELECT count(*) FROM (FROM agencies_before EXCEPT FROM agencies)')).getRows()[0][0]) > 0;
	await c.run('DROP TABLE agencies_before');
	return changed;
}

const META_KEYS = {
	schema: 'schema_version',
	readers: 'readers_version',
	checks: 'checks_version',
	registry: 'registry_version',
	season: 'season_version'
} as const;

/** The season's part of what a build is made with: the settings, and the deadlines passed (season.ts). */
const seasonOf = (registry: Registry, season: BuildSeason) =>
	seasonVersion(
		season,
		registry.all().flatMap((a) => (a.due ? [a.due] : []))
	);

async function writeMadeWith(c: DuckDBConnection, code: CodeVersions, registry: string, season: string) {
	const values = { schema: String(code.schema), readers: code.readers, checks: code.checks, registry, season };
	for (const [k, key] of Object.entries(META_KEYS)) await c.run('INSERT OR REPLACE INTO meta VALUES ($1, $2)', [key, values[k as keyof typeof values]]);
	await c.run(`INSERT OR REPLACE INTO meta VALUES ('built_at', CAST(now() AS VARCHAR))`);
}

/** What a database file says it was made with, or null when it is missing or unreadable. */
async function madeWith(db: string): Promise<MadeWith | null> {
	if (!existsSync(db)) return null;
	let instance: DuckDBInstance | null = null;
	try {
		instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
		const c = await instance.connect();
		const rows = (await c.runAndReadAll('SELECT key, value FROM meta')).getRowsJS() as [string, string][];
		c.closeSync();
		const get = (k: keyof typeof META_KEYS) => rows.find(([key]) => key === META_KEYS[k])?.[1] ?? null;
		const schema = get('schema');
		return {
			schema: schema === null ? null : Number(schema),
			readers: get('readers'),
			checks: get('checks'),
			registry: get('registry'),
			season: get('season')
		};
	} catch {
		return null;
	} finally {
		instance?.closeSync();
	}
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

/**
 * Whether `npm start` must ingest: the database is missing, was made by other code or with
 * another registry, or is older than a report file.
 */
export async function isStale(db: string, paths: string[], registry?: string | null): Promise<boolean> {
	const roots = await generatedRoots(paths);
	const agencies = new Registry(await readRegistries(registry, roots));
	const season: BuildSeason = { asOf: seasonToday(), settings: readSeasonSettings(seasonFile(registry)) };
	const redo = whatToRedo(await madeWith(db), codeVersions(), agencies.version(), seasonOf(agencies, season));
	if (redo.fresh || redo.reattribute || redo.recheck) return true;
	const marker = checkedMarker(db);
	const built = Math.max((await stat(db)).mtimeMs, existsSync(marker) ? (await stat(marker)).mtimeMs : 0);
	for (const p of paths) {
		for await (const f of walkReportFiles(p)) {
			const s = await stat(f.path).catch(() => null);
			if (!s || s.mtimeMs > built) return true;
		}
	}
	return false;
}
