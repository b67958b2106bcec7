/**
 * An upload of 20 text/HTML reports through the API of the built app, on a copy of the default
 * database (targets: previewed in ≤ 3 s, served ≤ 15 s after the commit): real reports of
 * data/reports/real, each moved to a year of its own so that every one is a new report. The
 * server's workbench, staging and upload folders are temporary; data/ is only read.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { hashPassword } from '../lib/server/auth/password.js';
import { Host } from '../lib/server/db.js';
import { runCommand } from '../lib/server/workbench/accounts.js';

const FILES = 20;
const TARGET = { previewS: 3, servedS: 15 };

/** 20 real text/HTML reports, each as a year no report has (2000, 2001, …). */
function reports(): { name: string; bytes: Uint8Array }[] {
	const dir = 'data/reports/real';
	const names = readdirSync(dir)
		.filter((n) => /-(\d{4})\.(txt|html)$/.test(n))
		.sort()
		.slice(0, FILES);
	return names.map((n, i) => {
		const year = /-(\d{4})\./.exec(n)![1];
		const text = readFileSync(path.join(dir, n), 'utf8').replaceAll(`${year}年`, `${2000 + i}年`);
		return { name: n.replace(year, String(2000 + i)), bytes: new TextEncoder().encode(text) };
	});
}

async function serve(port: number, env: NodeJS.ProcessEnv) {
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, ['build'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, BODY_SIZE_LIMIT: '260M', ...env },
		stdio: 'ignore'
	});
	for (let i = 0; i < 200; i++) {
		try {
			await fetch(`${url}/login`);
			return { url, child };
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	child.kill();
	throw new Error('server did not start');
}

export async function benchUpload(): Promise<string[]> {
	const db = path.resolve('data/nianbao.duckdb');
	if (!existsSync(db)) return [`Upload: ${db} missing (run npm start or npm run ingest first)`];
	if (!existsSync('build/handler.js')) spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
	const tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-bench-upload-'));
	copyFileSync(db, path.join(tmp, 'db.duckdb'));
	copyFileSync('data/agencies.csv', path.join(tmp, 'agencies.csv'));
	const workbench = path.join(tmp, 'workbench.duckdb');
	const h = await Host.open({ workbench });
	await runCommand(h, 'bench', { cmd: 'add', username: 'bench', role: 'reviewer', agency_id: null, password_hash: await hashPassword('bench-password') });
	h.close();
	const env = {
		NIANBAO_DB: path.join(tmp, 'db.duckdb'),
		NIANBAO_WORKBENCH: workbench,
		NIANBAO_INGEST_PATHS: 'data/reports',
		NIANBAO_UPLOAD_DIR: path.join(tmp, 'reports'),
		NIANBAO_STAGING: path.join(tmp, 'staging'),
		NIANBAO_REGISTRY: path.join(tmp, 'agencies.csv')
	};
	const port = Number(process.env.BENCH_UPLOAD_PORT ?? 4340);
	const files = reports();
	// A server whose parser processes are not running: the preview starts them.
	const cold = await withServer(port, env, async (s) => (await s.preview(files)).seconds);
	// As a person uploads: the page opens (which starts the parser processes), files are chosen, then sent.
	return withServer(port, env, async (s) => {
		await s.get('/upload');
		await new Promise((r) => setTimeout(r, CHOOSING_MS));
		const { preview, seconds: previewS } = await s.preview(files);
		const ok = preview.files.filter((f) => f.status === 'ok').length;
		const t1 = performance.now();
		const commit = await s.post(`/api/uploads/${preview.id}/commit`);
		if (commit.status !== 202) throw new Error(`commit: ${commit.status} ${await commit.text()}`);
		let state: { state: string; reports: number[]; error: string | null };
		do {
			await new Promise((r) => setTimeout(r, 100));
			state = await (await s.get(`/api/uploads/${preview.id}`)).json();
		} while (state.state === 'ingesting');
		const servedS = (performance.now() - t1) / 1000;
		const page = state.reports[0] ? (await s.get(`/reports/${state.reports[0]}`)).status : null;
		const met = (v: number, t: number) => (v <= t ? 'met' : 'NOT met');
		return [
			`Upload of ${files.length} text/HTML reports through the API (built app, a copy of the default database):`,
			`  previewed (parsed in parser processes, judged, checked), ${CHOOSING_MS / 1000} s after the upload page opened: ${previewS.toFixed(2)} s, ${ok} accepted (target ≤ ${TARGET.previewS} s: ${met(previewS, TARGET.previewS)})`,
			`  previewed with no page opened before (the parser processes start with it): ${cold.toFixed(2)} s`,
			`  served after the commit (stored, ingested, swapped in): ${servedS.toFixed(2)} s, state ${state.state}, ${state.reports.length} reports, a report page ${page} (target ≤ ${TARGET.servedS} s: ${met(servedS, TARGET.servedS)})`
		];
	});
}

/** How long a person takes to choose the files once the upload page is open (a few seconds at least). */
const CHOOSING_MS = 5000;

/** A server of the built app, signed in as the bench's reviewer, for the length of `run`. */
async function withServer<T>(
	port: number,
	env: NodeJS.ProcessEnv,
	run: (s: {
		get: (p: string) => Promise<Response>;
		post: (p: string) => Promise<Response>;
		preview: (files: { name: string; bytes: Uint8Array }[]) => Promise<{ preview: { id: string; files: { status: string }[] }; seconds: number }>;
	}) => Promise<T>
): Promise<T> {
	const { url, child } = await serve(port, env);
	try {
		const login = await fetch(`${url}/api/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'bench', password: 'bench-password' })
		});
		const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0], origin: url };
		return await run({
			get: (p) => fetch(url + p, { headers }),
			post: (p) => fetch(url + p, { method: 'POST', headers }),
			preview: async (files) => {
				const form = new FormData();
				for (const f of files) form.append('files', new Blob([f.bytes as BlobPart]), f.name);
				const t0 = performance.now();
				const preview = (await (await fetch(`${url}/api/uploads`, { method: 'POST', body: form, headers })).json()) as {
					id: string;
					files: { status: string }[];
				};
				return { preview, seconds: (performance.now() - t0) / 1000 };
			}
		});
	} finally {
		// SIGTERM; the server then waits for open keep-alive connections: SIGKILL after a second.
		const exited = new Promise((r) => child.once('exit', r));
		child.kill();
		const late = setTimeout(() => child.kill('SIGKILL'), 1000);
		await exited;
		clearTimeout(late);
	}
}
