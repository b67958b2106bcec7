/**
 * Rows out of DuckDB as plain JavaScript values. Ids are BIGINT (report/ids.ts), which the driver
 * gives as bigint; every id fits a JavaScript number exactly (< 2^53), so they come out as numbers
 * here, once, rather than being cast in each query or each caller.
 */
import type { DuckDBResultReader } from '@duckdb/node-api';

const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);

export function rowObjects(reader: DuckDBResultReader): Record<string, unknown>[] {
	const rows = reader.getRowObjectsJS();
	for (const row of rows) for (const k in row) if (typeof row[k] === 'bigint') row[k] = Number(row[k]);
	return rows;
}

export function rowArrays(reader: DuckDBResultReader): unknown[][] {
	return reader.getRowsJS().map((r) => r.map(plain));
}

/** Each column's values; an empty result still has its columns (the reader gives none without a chunk). */
export function columnArrays(reader: DuckDBResultReader): unknown[][] {
	const columns = reader.getColumnsJS();
	return Array.from({ length: reader.columnCount }, (_, i) => columns[i] ?? []).map((col) => (col.some((v) => typeof v === 'bigint') ? col.map(plain) : col));
}

/** A streamed chunk's rows, likewise. */
export const plainRow = (r: unknown[]): unknown[] => r.map(plain);
