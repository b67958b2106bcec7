/**
 * The report files shipped under data/reports, each parsed by the ingestion parser.
 * Until the DuckDB store exists this is what the home page shows; results are cached by file
 * size and modification time, so a page load re-parses only what changed.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseFile } from '../ingest/parse.js';
import { reportFiles } from '../ingest/files.js';
import { ParseError } from '../ingest/document.js';
import type { Report } from '../report/schema.js';

export interface SourceReport {
	path: string;
	report?: Report;
	error?: string;
}

const cache = new Map<string, { key: string; value: SourceReport }>();

export function reportsRoot(): string {
	return path.resolve(process.env.NIANBAO_REPORTS ?? 'data/reports');
}

export async function listSourceReports(root = reportsRoot()): Promise<SourceReport[]> {
	const out: SourceReport[] = [];
	for await (const file of reportFiles(root)) {
		const s = await stat(file);
		const key = `${s.size}:${s.mtimeMs}`;
		const hit = cache.get(file);
		if (hit?.key === key) {
			out.push(hit.value);
			continue;
		}
		const rel = path.relative(root, file);
		let value: SourceReport;
		try {
			value = { path: rel, report: await parseFile(file) };
		} catch (e) {
			value = { path: rel, error: e instanceof ParseError ? e.reason : (e as Error).message };
		}
		cache.set(file, { key, value });
		out.push(value);
	}
	return out;
}
