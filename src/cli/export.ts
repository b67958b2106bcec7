/**
 * npm run --silent export -- --parquet DIR [--db FILE]
 * Writes the derived database (default data/nianbao.duckdb, or NIANBAO_DB) as Parquet in the hive
 * layout, partitioned by year and province, with a manifest (build/parquet.ts). The folder is
 * replaced whole: readers see the previous export or this one. Serve it with NIANBAO_PARQUET=DIR.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { exportParquet } from '../lib/build/parquet.js';

const USAGE = 'usage: npm run --silent export -- --parquet DIR [--db FILE]\n';

function option(args: string[], name: string): string | undefined {
	const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i < 0) return undefined;
	return args[i].includes('=') ? args[i].slice(name.length + 3) : args[i + 1];
}

async function main(args: string[]): Promise<number> {
	const dir = option(args, 'parquet');
	const db = option(args, 'db') ?? process.env.NIANBAO_DB ?? 'data/nianbao.duckdb';
	if (!dir) {
		process.stderr.write(USAGE);
		return 2;
	}
	if (!existsSync(db)) {
		process.stderr.write(`nianbao export: ${db} 不存在（请先运行 npm run ingest）\n`);
		return 1;
	}
	const t0 = performance.now();
	const manifest = await exportParquet(db, dir);
	const rows = manifest.tables.reduce((a, t) => a + t.rows, 0);
	console.log(`exported ${manifest.tables.length} tables, ${rows} rows to ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	return 0;
}

process.exitCode = await main(process.argv.slice(2));
