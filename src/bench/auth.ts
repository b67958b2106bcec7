/**
 * What accounts cost: a password hash (scrypt, auth/password.ts), and the server time a signed-in
 * page costs beyond the same page anonymous (target: p95 at most 5 ms more), measured on the
 * built app and the default database, the two kinds of request interleaved so that both see the
 * same machine.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { hashPassword, verifyPassword } from '../lib/server/auth/password.js';
import { Host } from '../lib/server/db.js';
import { runCommand } from '../lib/server/workbench/accounts.js';
import { PAGES } from './pages.js';
import { buildApp, serveApp } from './serve.js';
import { quantile } from './measure.js';

const ROUNDS = 30;

export async function benchAuth(): Promise<string[]> {
	const out: string[] = [];
	const t = performance.now();
	const hash = await hashPassword('bench-password');
	const hashMs = performance.now() - t;
	const v = performance.now();
	await verifyPassword('bench-password', hash);
	out.push(`Password hash (scrypt N=2^15 r=8 p=1): ${hashMs.toFixed(0)} ms to hash, ${(performance.now() - v).toFixed(0)} ms to verify`);

	const db = path.resolve('data/nianbao.duckdb');
	if (!existsSync(db)) return [...out, `Signed-in pages: ${db} missing (run npm start or npm run ingest first)`];
	buildApp();
	const workbench = path.join(mkdtempSync(path.join(tmpdir(), 'nianbao-bench-auth-')), 'workbench.duckdb');
	const h = await Host.open({ workbench });
	await runCommand(h, 'bench', { cmd: 'add', username: 'bench', role: 'reviewer', agency_id: null, password_hash: hash });
	h.close();
	const port = 4320;
	const server = await serveApp(db, port, workbench);
	const base = `http://127.0.0.1:${port}`;
	try {
		const login = await fetch(`${base}/api/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'bench', password: 'bench-password' })
		});
		const cookie = login.headers.get('set-cookie')!.split(';')[0];
		out.push(`Server time of a page signed in against anonymous (${ROUNDS} rounds each, interleaved; target: p95 at most 5 ms more):`);
		const extra: number[] = [];
		for (const p of PAGES) {
			const anon: number[] = [];
			const signed: number[] = [];
			for (let i = 0; i < ROUNDS + 2; i++) {
				for (const [headers, into] of [
					[{}, anon],
					[{ cookie }, signed]
				] as const) {
					const s = performance.now();
					await (await fetch(base + encodeURI(p), { headers })).text();
					if (i >= 2) into.push(performance.now() - s);
				}
			}
			const [a, b] = [
				quantile(
					anon.sort((x, y) => x - y),
					0.95
				),
				quantile(
					signed.sort((x, y) => x - y),
					0.95
				)
			];
			extra.push(b - a);
			out.push(
				`  ${p.padEnd(22)} p95 anonymous ${a.toFixed(1).padStart(6)} ms   signed in ${b.toFixed(1).padStart(6)} ms   (${(b - a >= 0 ? '+' : '') + (b - a).toFixed(1)} ms)`
			);
		}
		const worst = Math.max(...extra);
		out.push(`  most a signed-in page costs more at p95: ${worst.toFixed(1)} ms (target ≤ 5 ms: ${worst <= 5 ? 'met' : 'NOT met'})`);
	} finally {
		await server.stop();
	}
	return out;
}
