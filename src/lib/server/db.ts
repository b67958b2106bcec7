/**
 * The server's one DuckDB instance (workbench.md, "one process, two attachments"): an in-memory
 * host with the derived file attached READ_ONLY as `derived` (the default catalog of every
 * connection, so queries name its tables plainly) and the workbench attached read-write as `wb`.
 * A finding's review is then a join in SQL.
 *
 * Ingest swaps a new derived file into place by rename. Each query checks the file's identity
 * (one stat); when it changed, the file is attached again between queries: new queries wait for
 * the ones in flight to finish (a readers–writer gate), and none fails.
 *
 * Every query takes its values as bound parameters, and its rows are parsed by a zod schema.
 * Opened lazily (never while Kit imports modules at build time).
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { z } from 'zod';
import { rowObjects } from '../contract/rows.js';
import { migrateWorkbench } from './workbench/schema.js';
import { Gate, Mutex } from './gate.js';
import { AnswerCache, answerCacheBytes } from './answers.js';
import { MANIFEST, readManifest, viewStatements } from '../build/parquet.js';
import { SCHEMA_VERSION } from '../contract/tables.js';

/**
 * The derived data was made by code of another shape (an older checkout, another branch): its
 * queries would fail one by one with binder errors, so every query of the views says this
 * instead, until a rebuilt file is swapped in.
 */
export class DerivedOutdated extends Error {
	constructor(found: string | null) {
		super(`数据库由另一版本的程序生成（结构版本 ${found ?? '未知'}，本程序为 ${SCHEMA_VERSION}），请运行 npm run ingest 重新构建`);
	}
}

export function dbPath(): string {
	return path.resolve(process.env.NIANBAO_DB ?? 'data/nianbao.duckdb');
}

/** A Parquet export to serve instead of the DuckDB file (NIANBAO_PARQUET): read-only nodes, docs/scaling.md. */
export function parquetDir(): string | null {
	return process.env.NIANBAO_PARQUET ? path.resolve(process.env.NIANBAO_PARQUET) : null;
}

/** The file whose presence says there is derived data to serve: the DuckDB file, or the export's manifest. */
export function derivedMarker(): string {
	const dir = parquetDir();
	return dir ? path.join(dir, MANIFEST) : dbPath();
}

export function workbenchPath(): string {
	return path.resolve(process.env.NIANBAO_WORKBENCH ?? 'data/workbench.duckdb');
}

/** A query that names the workbench's catalog reads what people decide, not only the derived file. */
const WORKBENCH_REF = /\bwb\./;

type Params = Record<string, string | number | boolean | null> | (string | number | boolean | null)[];

/** Connections on the instance: a loader's queries run side by side. */
const POOL = 4;
/** How long to wait for a workbench another process holds (a `npm run user` that opened it itself). */
const LOCK_WAIT_MS = 10_000;

function identity(file: string): string | null {
	try {
		const s = statSync(file);
		return `${s.ino}:${s.mtimeMs}:${s.size}`;
	} catch {
		return null;
	}
}

export class Host {
	private gate = new Gate();
	private writes = new Mutex();
	private next = 0;
	private derivedIdentity: string | null = null;
	/** Set when the attached derived data is of another schema version: queries refuse until it is replaced. */
	private derivedOutdated: DerivedOutdated | null = null;
	/** Counts this host's workbench commits: no one else writes the workbench while it is attached here. */
	private workbenchVersion = 0;
	readonly answers = new AnswerCache(answerCacheBytes());

	private constructor(
		private instance: DuckDBInstance,
		private connections: DuckDBConnection[],
		private writer: DuckDBConnection,
		readonly workbench: string,
		private readonly source: DerivedSource | null
	) {}

	/**
	 * The workbench (created and migrated when new) and, when given, the derived data: a DuckDB
	 * file, or a Parquet export's folder (`parquet`, build/parquet.ts) read through views.
	 */
	static async open(opts: { workbench: string; derived?: string | null; parquet?: string | null }): Promise<Host> {
		await mkdir(path.dirname(opts.workbench), { recursive: true });
		const instance = await DuckDBInstance.create(':memory:');
		const first = await instance.connect();
		await attachWaiting(first, opts.workbench);
		const source = opts.parquet ? parquetSource(opts.parquet) : opts.derived ? fileSource(opts.derived) : null;
		const host = new Host(instance, await Promise.all(Array.from({ length: POOL }, () => instance.connect())), first, opts.workbench, source);
		await host.writes.run(() => migrateWorkbench(first));
		return host;
	}

	/** A read of either attachment, on the current derived file. */
	async read<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
		await this.refresh();
		return this.gate.shared(() => {
			this.next = (this.next + 1) % this.connections.length;
			return fn(this.connections[this.next]);
		});
	}

	/**
	 * A write to the workbench, one at a time, in a transaction: all of it is kept, or none.
	 * Every write moves the workbench's generation (cached answers of `wb.` queries are then
	 * stale), except bookkeeping no cached answer reads (sessions, the audit of a login), which
	 * says so with `keepsAnswers`.
	 */
	async write<T>(fn: (c: DuckDBConnection) => Promise<T>, opts: { keepsAnswers?: boolean } = {}): Promise<T> {
		await this.refresh();
		return this.gate.shared(() =>
			this.writes.run(async () => {
				await this.writer.run('BEGIN TRANSACTION');
				try {
					const out = await fn(this.writer);
					await this.writer.run('COMMIT');
					if (!opts.keepsAnswers) this.workbenchVersion++;
					return out;
				} catch (e) {
					await this.writer.run('ROLLBACK').catch(() => {});
					throw e;
				}
			})
		);
	}

	/**
	 * Runs a query with bound parameters and parses each row with the schema. The rows are kept
	 * (answers.ts) until what the query reads changes: a new derived file, or, for a query of the
	 * workbench (`wb.`), this host's next write. They come back frozen.
	 */
	async query<S extends z.ZodType>(schema: S, sql: string, params: Params = []): Promise<z.infer<S>[]> {
		await this.refresh();
		// The views' reads refuse data of another shape; the workbench's own (sign-in, accounts,
		// audit: `read` with its SQL) go on, so that an admin can still sign in and see why.
		if (this.derivedOutdated) throw this.derivedOutdated;
		const workbench = WORKBENCH_REF.test(sql) ? `w${this.workbenchVersion}` : '';
		const key = `${this.derivedIdentity}|${workbench}|${sql}|${JSON.stringify(params)}`;
		// Typed mutable so the callers need no change, but frozen at run time: copy before sorting.
		return this.answers.get(key, () => this.read((c) => select(c, schema, sql, params)));
	}

	/** The derived file's identity as last attached: what caches are keyed by. */
	generation(): string | null {
		return this.derivedIdentity;
	}

	/** What cached answers depend on: the derived file on disk now, and this host's workbench writes. */
	dataGeneration(): string {
		return `${this.source ? identity(this.source.marker) : ''}|w${this.workbenchVersion}`;
	}

	/** Attaches the derived data again when ingest (or an export) has swapped new data in, or it has appeared. */
	private async refresh() {
		if (!this.source) return;
		const source = this.source;
		const now = identity(source.marker);
		if (now === this.derivedIdentity) return;
		await this.gate.exclusive(async () => {
			const current = identity(source.marker);
			if (current === this.derivedIdentity) return;
			const all = [this.writer, ...this.connections];
			for (const c of all) await c.run('USE memory');
			if (this.derivedIdentity !== null) await this.writer.run('DETACH derived');
			this.derivedIdentity = null;
			this.derivedOutdated = null;
			this.answers.clear();
			if (current === null) return;
			await source.attach(this.writer);
			for (const c of all) await c.run('USE derived');
			this.derivedIdentity = current;
			this.derivedOutdated = await outdated(this.writer);
			if (this.derivedOutdated) console.error(`${source.marker}: ${this.derivedOutdated.message}`);
		});
	}

	close() {
		for (const c of [this.writer, ...this.connections]) c.closeSync();
		this.instance.closeSync();
	}
}

/** Whether the attached derived data is of another schema version than this code's. */
async function outdated(c: DuckDBConnection): Promise<DerivedOutdated | null> {
	const rows = await c
		.runAndReadAll(`SELECT value FROM derived.meta WHERE key = 'schema_version'`)
		.then((r) => r.getRowsJS() as [string][])
		.catch(() => null);
	const found = rows?.[0]?.[0] ?? null;
	return found === String(SCHEMA_VERSION) ? null : new DerivedOutdated(found);
}

/** Where the derived data is: `marker` is the file whose identity changes when new data is swapped in. */
interface DerivedSource {
	marker: string;
	attach(c: DuckDBConnection): Promise<void>;
}

function fileSource(file: string): DerivedSource {
	return { marker: file, attach: (c) => c.run(`ATTACH '${file.replaceAll("'", "''")}' AS derived (READ_ONLY)`).then(() => {}) };
}

/** A Parquet export: the same tables as views over read_parquet, in an in-memory catalog of their own. */
function parquetSource(dir: string): DerivedSource {
	return {
		marker: path.join(dir, MANIFEST),
		attach: async (c) => {
			const manifest = await readManifest(dir);
			await c.run(`ATTACH ':memory:' AS derived`);
			for (const sql of viewStatements(dir, manifest, 'derived')) await c.run(sql);
		}
	};
}

/** Attaches the workbench read-write, waiting a while for another process that holds it. */
async function attachWaiting(c: DuckDBConnection, file: string) {
	const sql = `ATTACH '${file.replaceAll("'", "''")}' AS wb`;
	for (const started = Date.now(); ;) {
		try {
			await c.run(sql);
			return;
		} catch (e) {
			if (!/lock/i.test((e as Error).message) || Date.now() - started > LOCK_WAIT_MS) throw e;
			await new Promise((r) => setTimeout(r, 200));
		}
	}
}

export async function select<S extends z.ZodType>(c: DuckDBConnection, schema: S, sql: string, params: Params = []): Promise<z.infer<S>[]> {
	// Named values are bound only where the SQL names them: scopes pass a few the query may not use.
	const bound = Array.isArray(params) ? params : Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
	const reader = await c.runAndReadAll(sql, bound as never);
	return rowObjects(reader).map((row) => schema.parse(row));
}

let serverHost: Promise<Host> | null = null;

/** The server's host, on NIANBAO_DB and NIANBAO_WORKBENCH (opened on first use). */
export function host(): Promise<Host> {
	serverHost ??= Host.open({ workbench: workbenchPath(), derived: dbPath(), parquet: parquetDir() }).catch((e) => {
		serverHost = null;
		throw e;
	});
	return serverHost;
}

/** For tests: the next host() opens the files the environment names now. */
export async function resetHost() {
	const h = serverHost;
	serverHost = null;
	if (h) (await h.catch(() => null))?.close();
	memo.clear();
}

/** Runs a query on the server's host; a missing derived file is said plainly. */
export async function query<S extends z.ZodType>(schema: S, sql: string, params: Params = []): Promise<z.infer<S>[]> {
	const h = await host();
	if (!existsSync(derivedMarker())) throw new Error(`数据库文件不存在：${derivedMarker()}（请先运行 npm run ingest）`);
	return h.query(schema, sql, params);
}

const memo = new Map<string, { generation: string | null; value: Promise<unknown> }>();

/**
 * A value computed from the derived database, kept until ingest swaps in a new one: for what
 * every page asks and only a new database can change (regions, years).
 */
export async function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
	const h = await host();
	const generation = identity(derivedMarker());
	const hit = memo.get(key);
	if (hit && hit.generation === generation) return hit.value as Promise<T>;
	void h;
	const value = compute();
	memo.set(key, { generation, value });
	value.catch(() => memo.delete(key));
	return value;
}
