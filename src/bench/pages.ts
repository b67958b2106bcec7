/**
 * Each page's server time (median and p95 over HTTP, the built app on a database) and each
 * page's JavaScript as a browser loads it (gzip), on the default database and, when
 * BENCH_LARGE_DB names one (e.g. a 140,000-report database from `npm run generate`), on it.
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { quantile } from './measure.js';
import { buildApp, serveApp } from './serve.js';

export const PAGES = ['/', '/compare', '/anomalies', '/missing', '/api/roster', '/agencies/100001', '/reports/1000012023', '/search?q=公安'];

async function timePages(base: string, rounds: number): Promise<string[]> {
	const out: string[] = [];
	for (const p of PAGES) {
		const times: number[] = [];
		for (let i = 0; i < rounds + 2; i++) {
			const t = performance.now();
			// A URL of its own each time: no kept page answers it (http/response-cache.ts).
			const res = await fetch(base + encodeURI(p) + (p.includes('?') ? '&' : '?') + `bench=${i}`);
			await res.text();
			if (i >= 2) times.push(performance.now() - t);
		}
		times.sort((a, b) => a - b);
		out.push(`  ${p.padEnd(22)} median ${quantile(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${quantile(times, 0.95).toFixed(1).padStart(6)} ms`);
	}
	return out;
}

async function jsPerPage(base: string): Promise<string[]> {
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
	const out: string[] = [];
	try {
		for (const p of PAGES.filter((p) => !p.startsWith('/api/'))) {
			const page = await browser.newPage();
			const sizes: Promise<number>[] = [];
			page.on('response', (r) => {
				if (r.request().resourceType() === 'script')
					sizes.push(
						r.body().then(
							(b) => gzipSync(b).length,
							() => 0
						)
					);
			});
			await page.goto(base + p);
			await page.waitForFunction(() => [...document.querySelectorAll('[data-chart]')].every((e) => e.getAttribute('data-ready') === 'true'), null, {
				timeout: 20_000
			});
			await page.waitForTimeout(300);
			const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
			out.push(`  ${p.padEnd(22)} ${(bytes / 1024).toFixed(0).padStart(5)} KB gzip (target ≤ 300 KB: ${bytes / 1024 <= 300 ? 'met' : 'NOT met'})`);
			await page.close();
		}
	} finally {
		await browser.close();
	}
	return out;
}

export async function benchPages(): Promise<string[]> {
	buildApp();
	const out: string[] = [];
	const dbs: [string, string, number][] = [['default database', path.resolve('data/nianbao.duckdb'), 50]];
	if (process.env.BENCH_LARGE_DB && existsSync(process.env.BENCH_LARGE_DB)) dbs.push(['large database', path.resolve(process.env.BENCH_LARGE_DB), 300]);
	let port = 4300;
	for (const [label, db, target] of dbs) {
		if (!existsSync(db)) {
			out.push(`Pages on the ${label}: ${db} missing (run npm start or npm run ingest first)`);
			continue;
		}
		// Every query run on every request (no kept answers): what a page costs its first reader.
		const server = await serveApp(db, port, undefined, { NIANBAO_ANSWER_CACHE_MB: '0' });
		try {
			out.push(`Page server time on the ${label} (${path.basename(db)}; each request computed, nothing kept; target p95 ≤ ${target} ms):`);
			out.push(...(await timePages(`http://127.0.0.1:${port}`, label === 'large database' ? 10 : 20)));
			if (label === 'default database') {
				out.push('JavaScript per page (all scripts a browser loads, gzip):');
				out.push(...(await jsPerPage(`http://127.0.0.1:${port}`)));
			}
		} finally {
			await server.stop();
		}
		port++;
	}
	return out;
}
