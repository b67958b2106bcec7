/**
 * npm run bench -- load: many readers at once. The built app is served on the default database
 * (as `npm start` serves it) and a bounded load is sent to it on loopback: a fixed number of
 * requests, a fixed number in flight, a deadline. Printed: throughput, errors, and p50/p95/p99
 * per route, for the pages mixed (the issue's mix) and for chart images.
 *
 * The generator is `runLoad`: it refuses any host but loopback, so it cannot be pointed at
 * someone else's server, and it stops at its count or its deadline, whichever comes first.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { hashPassword } from '../lib/server/auth/password.js';
import { Host } from '../lib/server/db.js';
import { runCommand } from '../lib/server/workbench/accounts.js';
import { quantile } from './measure.js';
import { buildApp, serveApp } from './serve.js';

export interface LoadOptions {
	/** Loopback only: http://127.0.0.1:PORT or http://localhost:PORT. */
	base: string;
	/** Paths, sent round-robin. */
	paths: { route: string; path: string }[];
	/** Sent with every request (a session cookie, for the signed-in mix). */
	headers?: Record<string, string>;
	requests: number;
	concurrency: number;
	/** The run stops here even if requests remain (those are not sent, and not counted). */
	deadlineMs: number;
}

export interface RouteFigures {
	route: string;
	n: number;
	errors: number;
	p50: number;
	p95: number;
	p99: number;
}

export interface LoadResult {
	sent: number;
	errors: number;
	seconds: number;
	perSecond: number;
	all: RouteFigures;
	routes: RouteFigures[];
	/** The first few failures, as status or message, for the report. */
	failures: string[];
}

/** Hard caps: the generator is a measuring tool, not a weapon. */
const MAX_REQUESTS = 20_000;
const MAX_CONCURRENCY = 64;
const MAX_DEADLINE_MS = 300_000;

export function assertLoopback(base: string): URL {
	const url = new URL(base);
	if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`load: loopback only, not ${url.hostname}`);
	return url;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
	assertLoopback(opts.base);
	const requests = Math.min(opts.requests, MAX_REQUESTS);
	const concurrency = Math.min(opts.concurrency, MAX_CONCURRENCY);
	const deadline = performance.now() + Math.min(opts.deadlineMs, MAX_DEADLINE_MS);
	const times = new Map<string, number[]>();
	const errors = new Map<string, number>();
	const failures: string[] = [];
	let next = 0;

	async function one(i: number) {
		const { route, path: p } = opts.paths[i % opts.paths.length];
		const t = performance.now();
		let ok = false;
		try {
			const res = await fetch(opts.base + p, { redirect: 'manual', headers: opts.headers, signal: AbortSignal.timeout(30_000) });
			await res.arrayBuffer();
			ok = res.status === 200;
			if (!ok && failures.length < 5) failures.push(`${p}: HTTP ${res.status}`);
		} catch (e) {
			if (failures.length < 5) failures.push(`${p}: ${(e as Error).message}`);
		}
		const list = times.get(route) ?? [];
		list.push(performance.now() - t);
		times.set(route, list);
		if (!ok) errors.set(route, (errors.get(route) ?? 0) + 1);
	}

	async function worker() {
		while (next < requests && performance.now() < deadline) await one(next++);
	}

	const t0 = performance.now();
	await Promise.all(Array.from({ length: concurrency }, worker));
	const seconds = (performance.now() - t0) / 1000;
	const figures = (route: string, list: number[], errs: number): RouteFigures => {
		const sorted = [...list].sort((a, b) => a - b);
		return { route, n: sorted.length, errors: errs, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99) };
	};
	const routes = [...times].map(([route, list]) => figures(route, list, errors.get(route) ?? 0));
	const sent = routes.reduce((a, r) => a + r.n, 0);
	const errorCount = routes.reduce((a, r) => a + r.errors, 0);
	return {
		sent,
		errors: errorCount,
		seconds,
		perSecond: sent / seconds,
		all: figures('all', [...times.values()].flat(), errorCount),
		routes,
		failures
	};
}

/** Agencies and reports of the database, real ones first: the pages a reader opens. */
async function samplePages(db: string, n = 12): Promise<{ agencies: number[]; reports: number[] }> {
	const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
	const c = await instance.connect();
	try {
		const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRows().map((r) => Number(r[0]));
		return {
			agencies: await rows(`SELECT id FROM agencies ORDER BY generated, id LIMIT ${n}`),
			reports: await rows(`SELECT r.id FROM reports r JOIN agencies a ON a.id = r.agency_id ORDER BY a.generated, r.id LIMIT ${n}`)
		};
	} finally {
		c.closeSync();
		instance.closeSync();
	}
}

/** The issue's page mix: the dashboard's pages, an agency and a report page (as many of each as sampled). */
export function pageMix(sample: { agencies: number[]; reports: number[] }) {
	const paths: { route: string; path: string }[] = [];
	for (let i = 0; i < sample.agencies.length; i++) {
		paths.push(
			{ route: '/', path: '/' },
			{ route: '/compare', path: '/compare' },
			{ route: '/anomalies', path: '/anomalies' },
			{ route: '/missing', path: '/missing' },
			{ route: '/reports', path: '/reports' },
			{ route: '/agencies/[id]', path: `/agencies/${sample.agencies[i % sample.agencies.length]}` },
			{ route: '/reports/[id]', path: `/reports/${sample.reports[i % sample.reports.length]}` }
		);
	}
	return paths;
}

export const IMAGE_MIX = ['overview-trend', 'overview-outcomes', 'compare-ranking', 'compare-heatmap'].map((name) => ({
	route: `/charts/${name}.png`,
	path: `/charts/${name}.png`
}));

export function loadLines(label: string, r: LoadResult): string[] {
	const row = (f: RouteFigures) =>
		`  ${f.route.padEnd(30)} ${String(f.n).padStart(5)} req  p50 ${f.p50.toFixed(0).padStart(5)} ms  p95 ${f.p95.toFixed(0).padStart(5)} ms  p99 ${f.p99.toFixed(0).padStart(5)} ms${f.errors ? `  ${f.errors} errors` : ''}`;
	return [
		`${label}: ${r.sent} requests in ${r.seconds.toFixed(1)} s = ${r.perSecond.toFixed(0)} req/s, ${r.errors} errors`,
		row(r.all),
		...r.routes.map(row),
		...r.failures.map((f) => `  failure: ${f}`)
	];
}

export async function benchLoad(): Promise<string[]> {
	const db = path.resolve(process.env.NIANBAO_DB ?? 'data/nianbao.duckdb');
	if (!existsSync(db)) return [`Load: ${db} missing (run npm start or npm run ingest first)`];
	buildApp();
	const requests = Number(process.env.BENCH_LOAD_REQUESTS ?? 1500);
	const concurrency = Number(process.env.BENCH_LOAD_CONCURRENCY ?? 16);
	const port = 4390;
	const workbench = path.join(mkdtempSync(path.join(tmpdir(), 'nianbao-load-')), 'workbench.duckdb');
	const h = await Host.open({ workbench });
	await runCommand(h, 'bench', { cmd: 'add', username: 'load', role: 'reviewer', agency_id: null, password_hash: await hashPassword('load-password') });
	h.close();
	const server = await serveApp(db, port, workbench);
	try {
		const base = `http://127.0.0.1:${port}`;
		const pages = pageMix(await samplePages(db));
		// A warm-up pass: what a server answers after its first minutes, not its first second.
		await runLoad({ base, paths: pages, requests: pages.length, concurrency: 4, deadlineMs: 60_000 });
		const pageRun = await runLoad({ base, paths: pages, requests, concurrency, deadlineMs: 120_000 });
		const imageRun = await runLoad({ base, paths: IMAGE_MIX, requests: Math.min(requests, 400), concurrency, deadlineMs: 120_000 });
		// Every agency and report page a different one: what the answers cache does for pages no one opened yet.
		const firstVisits = pageMix(await samplePages(db, 300)).filter((p) => p.route.includes('['));
		const firstRun = await runLoad({ base, paths: firstVisits, requests: firstVisits.length, concurrency, deadlineMs: 120_000 });
		const signedIn = { cookie: await signIn(base, 'load', 'load-password') };
		const signedRun = await runLoad({ base, paths: pages, requests: Math.min(requests, 700), concurrency, headers: signedIn, deadlineMs: 120_000 });
		return [
			`Load on loopback (${path.basename(db)}; ${concurrency} at a time; targets: pages ≥ 150 req/s, p95 ≤ 250 ms, 0 errors; machine load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores at the start):`,
			...loadLines("  pages, anonymous (the issue's mix)", pageRun),
			...loadLines('  chart images, anonymous', imageRun),
			...loadLines('  agency and report pages, each opened once (no page kept yet)', firstRun),
			...loadLines('  pages, signed in as a reviewer (never kept whole: answers cached only)', signedRun)
		];
	} finally {
		await server.stop();
	}
}

async function signIn(base: string, username: string, password: string): Promise<string> {
	const r = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
	if (r.status !== 200) throw new Error(`load: sign-in answered ${r.status}`);
	return r.headers.get('set-cookie')!.split(';')[0];
}
