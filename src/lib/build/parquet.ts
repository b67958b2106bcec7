/**
 * The derived database as Parquet, for data that outgrows one machine (docs/scaling.md).
 *
 * `exportParquet` writes every table of a derived DuckDB file as Parquet in the hive layout:
 * tables of reports (a report id, or their own year and agency) partitioned by `year` and
 * `province` (the first part of the agency's region), the agencies by `province`, the
 * bookkeeping tables as one file each. A manifest (`nianbao.json`) names each table's columns
 * and types, so a reader rebuilds the same tables as views over `read_parquet` — here
 * (NIANBAO_PARQUET, db.ts), or in Spark, Trino or DuckDB elsewhere.
 *
 * The folder is written beside its place and renamed into it: a reader sees the old export or
 * the new one, never half of one.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';

export const MANIFEST = 'nianbao.json';
/** The manifest's own version: a reader refuses a layout it does not know. */
const LAYOUT_VERSION = 1;

/** Names and types go into SQL text: only what DuckDB's own names and types are made of (no quote, no semicolon). */
const Column = z.object({ name: z.string().regex(/^[a-z_][a-z0-9_]*$/), type: z.string().regex(/^[A-Za-z0-9_(), [\]"]+$/) });
const Table = z.object({
	name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
	columns: z.array(Column).min(1),
	partitions: z.array(z.enum(['year', 'province'])),
	rows: z.number().int().nonnegative()
});
export const Manifest = z.object({ layout: z.literal(LAYOUT_VERSION), exported_at: z.string(), source: z.string(), tables: z.array(Table) });
export type Manifest = z.infer<typeof Manifest>;
type TableInfo = z.infer<typeof Table>;

const PARTITION_TYPES = { year: 'INTEGER', province: 'VARCHAR' } as const;

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The province of an agency's region (`福建省/平潭综合实验区` → 福建省); `_` when it has none. */
const PROVINCE_OF = (alias: string) => `coalesce(nullif(split_part(${alias}.region, '/', 1), ''), '_')`;

export async function exportParquet(db: string, dir: string): Promise<Manifest> {
	const target = path.resolve(dir);
	const staging = `${target}.partial-${process.pid}`;
	await rm(staging, { recursive: true, force: true });
	await mkdir(staging, { recursive: true });
	const instance = await DuckDBInstance.create(':memory:');
	const c = await instance.connect();
	try {
		await c.run(`ATTACH ${quote(path.resolve(db))} AS src (READ_ONLY)`);
		const tables = await describeTables(c);
		for (const t of tables) t.rows = await copyTable(c, t, path.join(staging, t.name));
		const manifest: Manifest = { layout: LAYOUT_VERSION, exported_at: new Date().toISOString(), source: path.basename(db), tables };
		await writeFile(path.join(staging, MANIFEST), JSON.stringify(manifest, null, '\t'));
		await swapInto(staging, target);
		return manifest;
	} catch (e) {
		await rm(staging, { recursive: true, force: true });
		throw e;
	} finally {
		c.closeSync();
		instance.closeSync();
	}
}

/** Every table of the source, its columns in order, and how it can be partitioned. */
async function describeTables(c: DuckDBConnection): Promise<TableInfo[]> {
	const rows = (
		await c.runAndReadAll(
			`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
			 WHERE table_catalog = 'src' AND table_schema = 'main' ORDER BY table_name, ordinal_position`
		)
	).getRowObjects() as { table_name: string; column_name: string; data_type: string; is_nullable: string }[];
	const byTable = new Map<string, { name: string; type: string; notNull: boolean }[]>();
	for (const r of rows)
		byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), { name: r.column_name, type: r.data_type, notNull: r.is_nullable === 'NO' }]);
	return [...byTable].map(([name, columns]) => {
		const has = (col: string) => columns.some((x) => x.name === col && x.notNull);
		const partitions: TableInfo['partitions'] =
			name === 'agencies' ? ['province'] : (has('year') && has('agency_id')) || has('report_id') ? ['year', 'province'] : [];
		return Table.parse({ name, columns: columns.map(({ name, type }) => ({ name, type })), partitions, rows: 0 });
	});
}

/** The SELECT that gives a table's rows with its partition keys beside them. */
function partitionedSelect(t: TableInfo): string {
	const cols = t.columns.map((x) => ident(x.name));
	if (!t.partitions.length) return `SELECT ${cols.join(', ')} FROM src.${ident(t.name)}`;
	if (t.name === 'agencies') return `SELECT ${cols.map((x) => `t.${x}`).join(', ')}, ${PROVINCE_OF('t')} AS province FROM src.agencies t`;
	const own = (col: string) => t.columns.some((x) => x.name === col);
	// A table with its own year and agency (findings, a missing report's too) partitions by them; others by their report's.
	const viaReport = !(own('year') && own('agency_id'));
	const year = own('year') ? 't.year' : 'r.year';
	const agency = viaReport ? 'r.agency_id' : 't.agency_id';
	const select = [...cols.map((x) => `t.${x}`), ...(own('year') ? [] : [`${year} AS year`]), `${PROVINCE_OF('a')} AS province`];
	return `SELECT ${select.join(', ')} FROM src.${ident(t.name)} t
		${viaReport ? 'LEFT JOIN src.reports r ON r.id = t.report_id' : ''}
		LEFT JOIN src.agencies a ON a.id = ${agency}`;
}

async function copyTable(c: DuckDBConnection, t: TableInfo, out: string): Promise<number> {
	const rows = Number((await c.runAndReadAll(`SELECT count(*) FROM src.${ident(t.name)}`)).getRows()[0][0]);
	if (!rows) return 0; // an empty table has no file; its view is made from the manifest's columns
	await mkdir(out, { recursive: true });
	const partition = t.partitions.length ? `, PARTITION_BY (${t.partitions.join(', ')})` : '';
	const file = t.partitions.length ? out : path.join(out, 'data.parquet');
	await c.run(`COPY (${partitionedSelect(t)}) TO ${quote(file)} (FORMAT parquet, COMPRESSION zstd${partition})`);
	return rows;
}

/** Puts the new export in place of the old in two renames; the old is removed after. */
async function swapInto(staging: string, target: string) {
	const old = `${target}.old-${process.pid}`;
	if (existsSync(target)) {
		if (!existsSync(path.join(target, MANIFEST))) throw new Error(`${target} 已存在且不是 nianbao 的 Parquet 导出，不覆盖`);
		await rename(target, old);
	}
	await rename(staging, target);
	await rm(old, { recursive: true, force: true });
}

export async function readManifest(dir: string): Promise<Manifest> {
	return Manifest.parse(JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')));
}

/**
 * The statements that make the export's tables again, as views in `catalog` over read_parquet:
 * the same names, columns, order and types as the DuckDB file, so every query runs unchanged.
 */
export function viewStatements(dir: string, manifest: Manifest, catalog: string): string[] {
	return manifest.tables.map((t) => {
		const columns = t.columns.map((x) => `CAST(${ident(x.name)} AS ${x.type}) AS ${ident(x.name)}`).join(', ');
		const view = `CREATE OR REPLACE VIEW ${ident(catalog)}.main.${ident(t.name)} AS`;
		if (!t.rows) return `${view} SELECT ${t.columns.map((x) => `CAST(NULL AS ${x.type}) AS ${ident(x.name)}`).join(', ')} WHERE false`;
		const files = t.partitions.length ? path.join(dir, t.name, '**', '*.parquet') : path.join(dir, t.name, 'data.parquet');
		const hive = t.partitions.length ? `, hive_partitioning = true, hive_types = {${t.partitions.map((k) => `'${k}': ${PARTITION_TYPES[k]}`).join(', ')}}` : '';
		return `${view} SELECT ${columns} FROM read_parquet(${quote(files)}${hive})`;
	});
}
