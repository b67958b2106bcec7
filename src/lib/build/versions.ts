/**
 * What made the derived database, so that it is remade when that changes (Observable
 * Framework's idea: a cache keyed by the code that derives the data).
 *
 * A version is a hash of the source files a step runs — found by following the imports from
 * its entry modules, so that a module it starts to import is counted without anyone listing it
 * — and of the versions of the packages they import. It cannot be forgotten: there is no number
 * to bump. A change of a comment rebuilds too; that is the price of never serving data made by
 * code that is no longer there.
 *
 * - readers: file → Report → stored rows (readers, recognition, the template, metrics, the
 *   tables). A change re-reads every file.
 * - checks: the rules over stored reports and the tables served from them (build.ts: the checks,
 *   serving.ts, text-index.ts). A change runs both again, without reading a file.
 * - registry: the agencies of the registries (build/registry.ts), compared row by row: a change
 *   re-attributes stored reports (ingest.ts), without reading them again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_VERSION } from '../contract/tables.js';

const LIB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The entry modules of each step, under src/lib. */
export const STEP_ENTRIES = {
	readers: ['ingest/parse.ts', 'report/cells.ts', 'report/metrics.ts', 'contract/tables.ts', 'build/load.ts'],
	checks: ['build/build.ts']
} as const;

export interface CodeVersions {
	schema: number;
	readers: string;
	checks: string;
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?[^'";]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function resolveModule(from: string, spec: string): string | null {
	const base = path.resolve(path.dirname(from), spec);
	// Our modules are TypeScript imported as './x.js'; a .json or .js file is read as it is.
	const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, path.join(base, 'index.ts')];
	return candidates.find((c) => existsSync(c) && !c.endsWith(path.sep)) ?? null;
}

/** The installed version of a package imported by name ('pdfjs-dist/legacy/build/pdf.mjs' → pdfjs-dist's). */
function packageVersion(spec: string, from: string): string {
	const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
	for (let dir = path.dirname(from); dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const manifest = path.join(dir, 'node_modules', name, 'package.json');
		if (existsSync(manifest)) return `${name}@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
	}
	return `${name}@?`;
}

/**
 * The hash of every module reachable by import from the entries (absolute paths), and of the
 * packages they import. Exported for its test; the steps' versions are codeVersions().
 */
export function sourceHash(entries: string[]): string {
	const seen = new Set<string>();
	const packages = new Set<string>();
	const queue = [...entries];
	while (queue.length) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		if (!existsSync(file)) throw new Error(`版本计算找不到源文件：${file}`);
		seen.add(file);
		const text = readFileSync(file, 'utf8');
		for (const m of text.matchAll(IMPORT)) {
			const spec = m[1] ?? m[2] ?? m[3];
			if (spec.startsWith('node:')) continue;
			if (spec.startsWith('.')) {
				const target = resolveModule(file, spec);
				if (!target) throw new Error(`版本计算无法解析 ${file} 中的 import「${spec}」`);
				queue.push(target);
			} else packages.add(packageVersion(spec, file));
		}
	}
	const hash = createHash('sha256');
	for (const file of [...seen].sort()) hash.update(`${path.relative(LIB, file)}\0${readFileSync(file, 'utf8')}\0`);
	for (const p of [...packages].sort()) hash.update(`${p}\0`);
	return hash.digest('hex').slice(0, 16);
}

let memo: CodeVersions | null = null;

/** The versions of the code in this checkout (computed once per process: ~40 small files). */
export function codeVersions(): CodeVersions {
	memo ??= {
		schema: SCHEMA_VERSION,
		readers: sourceHash(STEP_ENTRIES.readers.map((e) => path.join(LIB, e))),
		checks: sourceHash(STEP_ENTRIES.checks.map((e) => path.join(LIB, e)))
	};
	return memo;
}
