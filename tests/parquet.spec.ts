/**
 * The same pages from a Parquet export as from the DuckDB file (issue #21): `npm run export --
 * --parquet DIR` writes the derived tables in the hive layout, and a server with
 * NIANBAO_PARQUET=DIR reads them through views. Every page, chart and API answer compared here
 * is byte for byte the one the DuckDB file gives, for a reader and for a reviewer; the Parquet
 * node refuses uploads (it cannot write the data it reads).
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PASSWORD, startServer, stopServers, userCli } from './support';

test.describe.configure({ mode: 'serial' });
test.afterAll(stopServers);

const DB = 'test-results/e2e.duckdb';
const PAGES = [
	'/',
	'/?year=2023',
	'/compare',
	'/compare?level=township&metric=disclosure_rate',
	'/anomalies',
	'/anomalies?rule=carry_over',
	'/missing',
	'/reports',
	'/reports?sort=agency&page=2',
	'/search?q=淮安',
	'/search?q=行政复议&year=all',
	'/search?q=依申请公开&page=2',
	'/agencies/1',
	'/agencies/100001',
	'/reports/12024',
	'/reports/1000012023',
	'/api/findings?limit=50',
	'/charts/overview-trend.svg',
	'/charts/compare-ranking.csv'
];

async function signIn(url: string): Promise<string> {
	const r = await fetch(`${url}/api/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'pq', password: PASSWORD })
	});
	expect(r.status).toBe(200);
	return r.headers.get('set-cookie')!.split(';')[0];
}

test('a Parquet export serves the same pages as the DuckDB file, and refuses uploads', async () => {
	test.setTimeout(120_000);
	const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-parquet-'));
	const parquet = path.join(dir, 'export');
	execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', '--parquet', parquet, '--db', DB], { stdio: 'pipe' });
	// The hive layout: report tables by year and province, the manifest beside them.
	expect(existsSync(path.join(parquet, 'nianbao.json'))).toBe(true);
	expect(readdirSync(path.join(parquet, 'cells')).some((d) => /^year=\d{4}$/.test(d))).toBe(true);
	expect(readdirSync(path.join(parquet, 'cells', readdirSync(path.join(parquet, 'cells'))[0])).every((d) => d.startsWith('province='))).toBe(true);

	const workbenches = [path.join(dir, 'file-wb.duckdb'), path.join(dir, 'parquet-wb.duckdb')];
	for (const workbench of workbenches) userCli(['add', 'pq', '--role', 'reviewer'], { workbench });
	const fromFile = await startServer(4405, { NIANBAO_DB: DB, NIANBAO_WORKBENCH: workbenches[0] });
	const fromParquet = await startServer(4406, { NIANBAO_DB: path.join(dir, 'absent.duckdb'), NIANBAO_PARQUET: parquet, NIANBAO_WORKBENCH: workbenches[1] });
	const cookies = [await signIn(fromFile.url), await signIn(fromParquet.url)];

	for (const page of PAGES) {
		for (const signed of [false, true]) {
			const [a, b] = await Promise.all(
				[fromFile.url, fromParquet.url].map((url, i) => fetch(url + encodeURI(page), { headers: signed ? { cookie: cookies[i] } : {} }))
			);
			expect(a.status, page).toBe(200);
			expect(b.status, `${page} from Parquet`).toBe(200);
			expect(await b.text(), `${page}${signed ? ' signed in' : ''}`).toBe(await a.text());
		}
	}

	const upload = await fetch(`${fromParquet.url}/api/uploads`, {
		method: 'POST',
		headers: { cookie: cookies[1], origin: fromParquet.url },
		body: new FormData()
	});
	expect(upload.status).toBe(409);
	expect((await upload.json()).error).toContain('只读节点');
});
