/**
 * npm run --silent ingest -- [PATH ...] [--db FILE] [--registry FILE] [--rebuild]
 * Parses every report file under the paths (default data/reports) into the DuckDB file
 * (default data/nianbao.duckdb), crediting them to the agencies of the registry (default
 * data/agencies.csv); --rebuild reads every file and runs every check again, whatever
 * the database says. Ends with one line: ingested N, unchanged U, rejected R, skipped S (by reason).
 * Exits 0 when rejected files were recorded; non-zero only when the database could not be written.
 * NIANBAO_CHECKS_APART=1 or 0 runs the checks and then the serving tables each in a process of its own, or in this one (default:
 * apart from CHECKS_APART_MIN_REPORTS reports); NIANBAO_INGEST_MEMORY sets DuckDB's limit (128MB).
 */
import { ingest } from '../lib/build/ingest.js';
import { summaryLine } from '../lib/build/summary.js';

const args = process.argv.slice(2);
let db = process.env.NIANBAO_DB ?? 'data/nianbao.duckdb';
const paths: string[] = [];
let rebuild = false;
let registry: string | undefined;
for (let i = 0; i < args.length; i++) {
	if (args[i] === '--rebuild') rebuild = true;
	else if (args[i] === '--registry') registry = args[++i];
	else if (args[i].startsWith('--registry=')) registry = args[i].slice(11);
	else if (args[i] === '--db') db = args[++i];
	else if (args[i].startsWith('--db=')) db = args[i].slice(5);
	else paths.push(args[i]);
}
if (!paths.length) paths.push('data/reports');

const tty = process.stderr.isTTY;
let lastDraw = 0;
const onProgress = (done: number, total: number) => {
	if (!tty) return;
	const now = Date.now();
	if (now - lastDraw < 100 && done !== total) return;
	lastDraw = now;
	const width = 30;
	const filled = Math.round((done / total) * width);
	process.stderr.write(`\r读取报告 [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
	if (done === total) process.stderr.write('\n');
};

try {
	const apart = process.env.NIANBAO_CHECKS_APART;
	const s = await ingest({ paths, db, registry, onProgress, rebuild, checksApart: apart === undefined ? undefined : apart === '1' });
	console.log(summaryLine(s));
} catch (e) {
	process.stderr.write(`nianbao ingest: 无法写入数据库 ${db}：${(e as Error).message}\n`);
	process.exitCode = 1;
}
