/**
 * The workbench survives: a server killed during a burst of writes keeps every write it
 * acknowledged; a derived database swapped in under load is attached again with no failed
 * request; a closed install (NIANBAO_PUBLIC=0) shows nothing without an account.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PASSWORD, as, startServer, stopServers, userCli } from './support';

test.describe.configure({ mode: 'serial' });
test.afterEach(stopServers);

const scratch = () => mkdtempSync(path.join(tmpdir(), 'nianbao-e2e-'));

test('a server killed during a burst of writes keeps every write it acknowledged', async () => {
	test.setTimeout(90_000);
	const dir = scratch();
	const workbench = path.join(dir, 'wb.duckdb');
	userCli(['add', 'boss', '--role', 'admin'], { workbench }); // no server yet: the file opened directly
	const server = await startServer(4401, { NIANBAO_DB: 'test-results/e2e.duckdb', NIANBAO_WORKBENCH: workbench });
	const signIn = await fetch(`${server.url}/api/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'boss', password: PASSWORD })
	});
	const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
	const acknowledged: string[] = [];
	const refused: string[] = [];
	let sent = 0;
	let writing = 8;
	// Writes go on, eight at a time, until the server dies under them.
	const writer = async () => {
		while (server.child.exitCode === null && server.child.signalCode === null) {
			const name = `w${sent++}`;
			try {
				const r = await fetch(`${server.url}/api/users`, {
					method: 'POST',
					headers: { cookie, 'content-type': 'application/json' },
					body: JSON.stringify({ username: name, role: 'viewer', password: PASSWORD }),
					signal: AbortSignal.timeout(5000)
				});
				if (r.status === 201) acknowledged.push(name);
				else refused.push(`${r.status} ${await r.text()}`);
			} catch (e) {
				refused.push(String(e));
				break; // the connection died with the server
			}
		}
		writing--;
	};
	const writers = Array.from({ length: 8 }, writer);
	while (acknowledged.length < 40 && writing > 0) await new Promise((r) => setTimeout(r, 20));
	server.child.kill('SIGKILL');
	await Promise.all(writers);
	expect(refused.filter((r) => !/fetch failed|aborted|ECONNRE|terminated|socket/i.test(r))).toEqual([]);
	expect(acknowledged.length, refused.join(' / ')).toBeGreaterThanOrEqual(40);
	// Read back with the server gone: the command line opens the file itself, replaying DuckDB's WAL.
	const stored = userCli(['list'], { workbench })
		.split('\n')
		.map((l) => l.split('\t')[0]);
	expect(acknowledged.filter((n) => !stored.includes(n))).toEqual([]);
	// And the audit row of each.
	const restarted = await startServer(4402, { NIANBAO_DB: 'test-results/e2e.duckdb', NIANBAO_WORKBENCH: workbench });
	const audit = (await (await (await as(restarted.url, 'boss')).get('/api/audit?action=user.add&limit=1000')).json()) as { target: string }[];
	expect(acknowledged.filter((n) => !audit.some((a) => a.target === n))).toEqual([]);
	await restarted.stop();
	rmSync(dir, { recursive: true, force: true });
});

test('a derived database swapped in under load is attached again between requests: no request fails', async () => {
	const dir = scratch();
	const db = path.join(dir, 'nianbao.duckdb');
	const reports = path.join(dir, 'reports');
	mkdirSync(reports);
	cpSync('data/reports/real/dagan-chagan-2024.txt', path.join(reports, 'a.txt'));
	const ingest = () => execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', reports, '--db', db], { encoding: 'utf8' });
	ingest();
	const server = await startServer(4403, { NIANBAO_DB: db, NIANBAO_WORKBENCH: path.join(dir, 'wb.duckdb') });
	const pages = ['/', '/anomalies', '/missing', '/reports', '/compare'];
	const failures: string[] = [];
	let done = 0;
	let stop = false;
	// The load runs before, during and after the swaps: at least 60 requests, whatever the machine's speed.
	const load = async (k: number) => {
		for (let i = k; (!stop || done < 60) && done < 3000; i += 8) {
			const url = pages[i % pages.length];
			const r = await fetch(server.url + url).catch((e) => ({ status: String(e) }));
			done++;
			if (r.status !== 200) failures.push(`${url} ${r.status}`);
		}
	};
	const clients = Array.from({ length: 8 }, (_, k) => load(k));
	while (done < 20) await new Promise((r) => setTimeout(r, 10));
	// Two swaps while the load runs: a new report each time.
	for (const f of ['pingtan-2021.txt', 'pingtan-2022.txt']) {
		cpSync(`data/reports/real/${f}`, path.join(reports, f));
		expect(ingest()).toMatch(/^ingested 1,/);
		await new Promise((r) => setTimeout(r, 300));
	}
	stop = true;
	await Promise.all(clients);
	expect(failures).toEqual([]);
	expect(done).toBeGreaterThan(50);
	const list = await (await fetch(`${server.url}/reports?region=福建省`)).text();
	expect(list).toContain('2022');
	await server.stop();
	rmSync(dir, { recursive: true, force: true });
});

test('a closed install (NIANBAO_PUBLIC=0) shows nothing without an account', async ({ browser }) => {
	const dir = scratch();
	const workbench = path.join(dir, 'wb.duckdb');
	userCli(['add', 'looker', '--role', 'viewer'], { workbench });
	const server = await startServer(4404, { NIANBAO_DB: 'test-results/e2e.duckdb', NIANBAO_WORKBENCH: workbench, NIANBAO_PUBLIC: '0' });
	for (const url of ['/', '/anomalies', '/reports/12024', '/charts/overview-trend.svg', '/reports/12024/source/0']) {
		const r = await fetch(server.url + url, { redirect: 'manual' });
		expect(r.status, url).toBe(303);
		expect(r.headers.get('location'), url).toMatch(/^\/login\?next=/);
	}
	expect((await fetch(`${server.url}/api/users`)).status).toBe(401);
	const page = await browser.newPage();
	await page.goto(`${server.url}/anomalies`);
	await page.getByLabel('用户名').fill('looker');
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/\/anomalies$/);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await page.close();
	await server.stop();
	rmSync(dir, { recursive: true, force: true });
});
