/**
 * The dashboard's one read-only connection to the DuckDB file. Opened lazily (never while Kit
 * imports modules at build time), and reopened when ingest has swapped a new file into place:
 * the file's identity (inode and mtime) is checked before each query, which costs one stat.
 * Every query takes its values as bound parameters, and its rows are parsed by a zod schema.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { z } from 'zod';
import { rowObjects } from './rows.js';

export function dbPath(): string {
	return path.resolve(process.env.NIANBAO_DB ?? 'data/nianbao.duckdb');
}

/** Connections on the one read-only instance: a loader's queries run side by side. */
const POOL = 4;
let current: { file: string; identity: string; instance: DuckDBInstance; connections: DuckDBConnection[]; next: number } | null = null;
let opening: Promise<DuckDBConnection> | null = null;

function identity(file: string): string {
	const s = statSync(file);
	return `${s.ino}:${s.mtimeMs}:${s.size}`;
}

async function connection(): Promise<DuckDBConnection> {
	const file = dbPath();
	let id: string;
	try {
		id = identity(file);
	} catch {
		throw new Error(`数据库文件不存在：${file}（请先运行 npm run ingest）`);
	}
	if (current && current.file === file && current.identity === id) {
		current.next = (current.next + 1) % current.connections.length;
		return current.connections[current.next];
	}
	opening ??= (async () => {
		const old = current;
		const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
		const connections = await Promise.all(Array.from({ length: POOL }, () => instance.connect()));
		current = { file, identity: id, instance, connections, next: 0 };
		// The old file is closed once the new one is open; its queries in flight have their results.
		if (old) setTimeout(() => {
			for (const c of old.connections) c.closeSync();
			old.instance.closeSync();
		}, 5000);
		return connections[0];
	})().finally(() => (opening = null));
	return opening;
}

/** Runs a query with bound parameters and parses each row with the schema. */
export async function query<S extends z.ZodType>(schema: S, sql: string, params: Record<string, string | number | boolean | null> | (string | number | boolean | null)[] = []): Promise<z.infer<S>[]> {
	const c = await connection();
	// Named values are bound only where the SQL names them: scopes pass a few the query may not use.
	const bound = Array.isArray(params) ? params : Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
	const reader = await c.runAndReadAll(sql, bound as never);
	return rowObjects(reader).map((row) => schema.parse(row));
}

const memo = new Map<string, { identity: string; value: Promise<unknown> }>();

/**
 * A value computed from the database, kept until the file changes (ingest swaps in a new one):
 * for what every page asks and only a new database can change (regions, years).
 */
export async function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
	const id = identity(dbPath());
	const hit = memo.get(key);
	if (hit && hit.identity === id) return hit.value as Promise<T>;
	const value = compute();
	memo.set(key, { identity: id, value });
	value.catch(() => memo.delete(key));
	return value;
}
