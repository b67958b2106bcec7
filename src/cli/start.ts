/**
 * npm start: serves the dashboard on PORT (default 3000) and HOST (default 127.0.0.1).
 * First builds what is missing or stale, so that `npm install && npm start` is all a fresh
 * machine needs: the database from the reports under data/reports (unless NIANBAO_DB names a
 * database, or NIANBAO_PARQUET an export, to serve as it is), and the web app from the sources.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ingest, isStale } from '../lib/build/ingest.js';
import { stageLabel, type IngestStage } from '../lib/upload/stage.js';
import { summaryLine } from '../lib/build/summary.js';

const root = process.cwd();
const BUILD_MARK = path.join(root, 'build', 'handler.js');
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];

function newest(p: string): number {
	if (!existsSync(p)) return 0;
	const s = statSync(p);
	if (!s.isDirectory()) return s.mtimeMs;
	let m = s.mtimeMs;
	for (const e of readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
	return m;
}

function log(msg: string) {
	process.stderr.write(`nianbao: ${msg}\n`);
}

/** An ingest's stages said as it goes (a first build takes minutes): each stage once, the files read by tenths (in place on a terminal). */
function told(): (s: IngestStage) => void {
	let last: IngestStage['stage'] | null = null;
	let tenth = -1;
	return (s) => {
		if (s.stage === 'parsing') {
			const t = Math.floor((10 * s.done) / Math.max(1, s.total));
			if (process.stderr.isTTY) process.stderr.write(`\r读取报告 ${s.done}/${s.total}${s.done === s.total ? '\n' : ''}`);
			else if (t !== tenth) log(`读取报告 ${s.done}/${s.total}`);
			tenth = t;
		} else if (s.stage !== last) log(stageLabel(s));
		last = s.stage;
	};
}

async function main(): Promise<number | null> {
	// NIANBAO_DB or NIANBAO_PARQUET name data to serve as it is (a read-only node builds nothing).
	if (!process.env.NIANBAO_DB && !process.env.NIANBAO_PARQUET) {
		const db = 'data/nianbao.duckdb';
		if (await isStale(db, ['data/reports'])) {
			log(existsSync(db) ? '报告已更新，更新数据库…' : '首次运行，由 data/reports 建立数据库…');
			const s = await ingest({ paths: ['data/reports'], db, onStage: told() });
			log(summaryLine(s));
		}
	}

	const built = existsSync(BUILD_MARK) ? statSync(BUILD_MARK).mtimeMs : 0;
	const sources = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
	if (built < sources) {
		log(built ? '源代码已更新，重新构建网页应用…' : '首次运行，构建网页应用…');
		const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
			stdio: 'inherit',
			cwd: root
		});
		if (r.status !== 0) {
			log('构建失败（vite build exited ' + r.status + '）');
			return 1;
		}
	}

	const port = process.env.PORT ?? '3000';
	const host = process.env.HOST ?? '127.0.0.1';
	log(`仪表盘地址 http://${host}:${port}/`);
	const server = spawn(process.execPath, [path.join(root, 'build', 'index.js')], {
		stdio: 'inherit',
		// adapter-node takes the origin to be https unless told: served over http, every form post
		// of its own pages would be refused as cross-site (SvelteKit's origin check, kept on).
		// NIANBAO_PARENT_PID: the server stops by itself when this process is gone (lifecycle.ts).
		// Uploads (POST /api/uploads) are bounded by the app itself (uploads/unpack.ts); adapter-node's own cap (512 KB) would refuse a report.
		env: {
			...process.env,
			PORT: port,
			HOST: host,
			ORIGIN: process.env.ORIGIN ?? `http://${host}:${port}`,
			NIANBAO_PARENT_PID: String(process.pid),
			BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? '260M'
		}
	});
	// A signal is the server's to handle (it shuts down gracefully); SIGHUP, which it does not
	// handle, becomes SIGTERM. This process stays until the server is gone, and exits with it.
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => server.kill(sig === 'SIGHUP' ? 'SIGTERM' : sig));
	// Nothing else keeps this process alive: it ends with the server's code.
	server.on('exit', (code, signal) => (process.exitCode = code ?? (signal ? 0 : 1)));
	return null;
}

const code = await main();
if (code !== null) process.exitCode = code;
