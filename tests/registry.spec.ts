/**
 * 单位名录 (issue #30), on a server of its own over a copy of the e2e database and of the registry
 * (data/agencies.csv is never written by a test): a township added under a county in the page
 * lands in the county's region; a rename keeps every report under the agency; a merge (撤并)
 * shows both agencies' reports under the survivor and sends the merged one's page there; a unit
 * added at an upload takes its region from the parent picked; a name that would be a formula is
 * refused; and who may do any of it (anonymous 401, viewer 403, agency 403, reviewer, admin).
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { AGENCY_A, PASSWORD, as, startServer, stopServers, userCli } from './support';

const DIR = 'test-results/registry-e2e';
/** The registry the server amends (a copy). */
const REGISTRY = `${DIR}/agencies.csv`;
const PORT = 4622;
let url: string;

test.beforeAll(async () => {
	test.setTimeout(90_000);
	rmSync(DIR, { recursive: true, force: true });
	mkdirSync(DIR, { recursive: true });
	copyFileSync('test-results/e2e.duckdb', `${DIR}/db.duckdb`);
	copyFileSync('data/agencies.csv', REGISTRY);
	const workbench = `${DIR}/wb.duckdb`;
	userCli(['add', 'reg-reviewer', '--role', 'reviewer'], { workbench });
	userCli(['add', 'reg-admin', '--role', 'admin'], { workbench });
	userCli(['add', 'reg-viewer', '--role', 'viewer'], { workbench });
	userCli(['add', 'reg-agency', '--role', 'agency', '--agency', String(AGENCY_A)], { workbench });
	const server = await startServer(PORT, {
		NIANBAO_DB: `${DIR}/db.duckdb`,
		NIANBAO_WORKBENCH: workbench,
		// What the e2e database was built from, so that an ingest keeps every report of it.
		NIANBAO_INGEST_PATHS: ['data/reports', 'tests/fixtures/reports'].join(path.delimiter),
		NIANBAO_UPLOAD_DIR: `${DIR}/reports`,
		NIANBAO_STAGING: `${DIR}/staging`,
		NIANBAO_REGISTRY: REGISTRY,
		BODY_SIZE_LIMIT: '260M'
	});
	url = server.url;
});
test.afterAll(stopServers);

type Ingest = { id: string; state: string; progress: number; error: string | null };

/** Waits for the ingest a change asked for (an ingest of the e2e database: seconds, many more on a busy machine). */
async function ingested(ctx: APIRequestContext, id: string): Promise<Ingest> {
	for (const end = Date.now() + 120_000; Date.now() < end;) {
		const s = (await (await ctx.get(`/api/registry/ingests/${id}`)).json()) as Ingest;
		if (s.state === 'done' || s.state === 'failed') return s;
		await new Promise((r) => setTimeout(r, 300));
	}
	throw new Error(`ingest ${id} did not finish`);
}

/** A change through the API, followed to the end of its ingest. */
async function change(ctx: APIRequestContext, op: object) {
	const r = await ctx.post('/api/registry', { data: op, headers: { origin: url } });
	expect(r.status(), await r.text()).toBe(202);
	const body = await r.json();
	expect(await ingested(ctx, body.ingest.id)).toMatchObject({ state: 'done', error: null });
	return body as { agency_id: number; rows: number };
}

/** A page's HTML without Svelte's hydration markers. */
const html = async (ctx: APIRequestContext, path: string) => (await (await ctx.get(path)).text()).replace(/<!--[^]*?-->/g, '');

/** The reports an agency's page lists in its tables of reports (its own, and those of agencies merged into it). */
const reportLinks = async (ctx: APIRequestContext, agency: number) => {
	const html = await (await ctx.get(`/agencies/${agency}`)).text();
	// Each table to the next one's start: the report tables', not 报送情况's or the findings'.
	const lists = html.split(/(?=<table)/).filter((t) => /^<table[^>]*aria-label="(各年度报告|撤并前)/.test(t));
	return lists.flatMap((t) => [...t.matchAll(/href="\/reports\/(\d+)"/g)].map((m) => Number(m[1]))).sort();
};

test('anonymous 401, viewer 403, agency 403 on every registry endpoint and the page; a reviewer and an admin may', async () => {
	test.setTimeout(120_000);
	const before = readFileSync(REGISTRY, 'utf8');
	for (const [who, status] of [
		[null, 401],
		['reg-viewer', 403],
		['reg-agency', 403]
	] as const) {
		const ctx = await as(url, who);
		expect((await ctx.get('/api/registry?q=平潭')).status(), `${who}`).toBe(status);
		expect((await ctx.post('/api/registry', { data: { op: 'close', id: 15, last_year: 2024 }, headers: { origin: url } })).status(), `${who}`).toBe(status);
		expect((await ctx.get('/api/registry/ingests/0123456789abcdef')).status(), `${who}`).toBe(status);
		expect((await ctx.get('/registry')).status(), `${who}`).toBe(status);
		expect(
			(await ctx.post('/registry?/close', { form: { id: '15', last_year: '2024' }, headers: { origin: url, accept: 'application/json' } })).status(),
			`${who}`
		).toBe(status);
		expect((await html(ctx, '/')).includes('href="/registry"'), `${who}`).toBe(false);
	}
	expect(readFileSync(REGISTRY, 'utf8')).toBe(before);
	for (const who of ['reg-reviewer', 'reg-admin']) {
		const ctx = await as(url, who);
		const list = await (await ctx.get(`/api/registry?q=${encodeURIComponent('金井')}`)).json();
		expect(list).toEqual({
			total: 1,
			agencies: [
				{
					id: 9,
					name: '平潭综合实验区金井片区管理局',
					level: 'township',
					parent_id: 4,
					parent: '平潭综合实验区',
					region: '福建省/平潭综合实验区',
					aliases: [],
					first_year: null,
					last_year: null,
					due: null,
					report_urls: [],
					merged_into: null,
					merged_into_name: null,
					children: 0
				}
			]
		});
		expect((await ctx.get('/registry')).status()).toBe(200);
		expect(await html(ctx, '/')).toContain('href="/registry"');
		// What the registry says already: 200, nothing written, nothing to ingest.
		const same = await ctx.post('/api/registry', { data: { op: 'close', id: 15, last_year: null }, headers: { origin: url } });
		expect(same.status()).toBe(200);
		expect(await same.json()).toEqual({ agency_id: 15, changed: false, rows: 0, ingest: null });
	}
	expect(readFileSync(REGISTRY, 'utf8')).toBe(before);
	// The top of the tree, and a parent's children.
	const reviewer = await as(url, 'reg-reviewer');
	const top = await (await reviewer.get('/api/registry')).json();
	expect(top.agencies.map((a: { id: number }) => a.id)).toEqual([2, 4, 1]);
	const under4 = await (await reviewer.get('/api/registry?parent=4&limit=3')).json();
	expect([under4.total, under4.agencies.length]).toEqual([11, 3]);
	expect((await reviewer.get('/api/registry?limit=500')).status()).toBe(400);
	expect((await reviewer.get(`/api/registry?q=${'x'.repeat(51)}`)).status()).toBe(400);
});

test('bad input is refused (400, in Chinese; 413 past the bound) and never reaches the file: a name that would be a formula, a cycle, a merge into itself', async () => {
	const before = readFileSync(REGISTRY, 'utf8');
	const ctx = await as(url, 'reg-admin');
	const post = (data: unknown) => ctx.post('/api/registry', { data: data as object, headers: { origin: url } });
	const refused = async (data: unknown, error: RegExp) => {
		const r = await post(data);
		expect(r.status(), JSON.stringify(data)).toBe(400);
		expect((await r.json()).error).toMatch(error);
	};
	await refused({ op: 'add', name: '=HYPERLINK("http://x")鸿蒙测试县', level: 'county', parent_id: 2 }, /单位名称不能以 = \+ - @ 开头/);
	await refused({ op: 'rename', id: 3, name: '@鸿蒙测试县' }, /不能以 = \+ - @ 开头/);
	await refused({ op: 'rename', id: 3, name: '鸿蒙;测试县' }, /不能含分号或控制字符/);
	await refused({ op: 'add', name: '鸿蒙测试县', level: 'county', parent_id: null, region: '=1+2' }, /地区不能以/);
	await refused({ op: 'rename', id: 3, name: '县'.repeat(101) }, /不超过 100 个字/);
	await refused({ op: 'move', id: 2, parent_id: 3 }, /自己的下级单位之下/);
	await refused({ op: 'merge', id: 9, into: 9 }, /撤并到它自己/);
	await refused({ op: 'rename', id: 5, name: '平潭综合实验区公安局' }, /已是「平潭综合实验区公安局」的名称/);
	await refused({ op: 'close', id: 999, last_year: 2020 }, /没有编号为 999 的单位/);
	await refused({ op: 'explode' }, /add、rename、move、merge 或 close/);
	const big = await ctx.post('/api/registry', {
		data: { op: 'add', name: '某镇', level: 'township', parent_id: 3, pad: 'x'.repeat(20_000) },
		headers: { origin: url }
	});
	// Past the endpoint's bound: 413, read no further.
	expect(big.status()).toBe(413);
	expect(readFileSync(REGISTRY, 'utf8')).toBe(before);
	expect(readFileSync(REGISTRY, 'utf8')).not.toContain('鸿蒙');
});

test('a reviewer adds a township under a county in the page: it lands in the county’s region, on the dashboard too', async ({ page }) => {
	test.setTimeout(180_000);
	await page.goto(`${url}/login?next=/registry`);
	await page.getByLabel('用户名').fill('reg-reviewer');
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/\/registry$/);
	await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
	await expect(page.getByRole('link', { name: '单位名录' })).toBeVisible();
	const add = page.getByRole('form', { name: '新增单位' });
	await add.getByLabel('名称', { exact: true }).fill('淮安市洪泽区岔河镇人民政府');
	await add.getByLabel('级别', { exact: true }).selectOption('township');
	await add.getByLabel('查找上级单位', { exact: true }).fill('洪泽区');
	const parent = add.getByLabel('上级单位', { exact: true });
	await expect(parent.locator('option', { hasText: '淮安市洪泽区人民政府' })).toHaveCount(1);
	await parent.selectOption({ label: '淮安市洪泽区人民政府（县级，江苏省/淮安市/洪泽区，编号 3）' });
	await expect(add.locator('[data-region]')).toHaveText('地区：江苏省/淮安市/洪泽区（随上级单位）');
	await add.getByLabel('首个报送年度').fill('2021');
	await add.getByRole('button', { name: '新增' }).click();
	const status = page.locator('.done[role="status"]');
	await expect(status).toContainText('已新增「淮安市洪泽区岔河镇人民政府」（编号 16）');
	await expect(status).toContainText('数据库已更新', { timeout: 120_000 });
	expect(readFileSync(REGISTRY, 'utf8')).toContain('\n16,淮安市洪泽区岔河镇人民政府,township,3,江苏省/淮安市/洪泽区,,2021,\n');
	await status.getByRole('link', { name: '查看单位' }).click();
	await expect(page).toHaveURL(/\/agencies\/16$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('淮安市洪泽区岔河镇人民政府');
	await expect(page.locator('main')).toContainText(/乡镇（街道） · 江苏省\/淮安市\/洪泽区\s*· 上级：淮安市洪泽区人民政府/);
	// It owes its reports from its first year: the checks count them missing, in the county's region.
	await expect(page.getByRole('table', { name: '发现的问题' })).toContainText('2021年度报告缺失');
	// The county's region holds it: the search finds it there.
	const found = await html(await as(url, null), `/search?q=${encodeURIComponent('岔河镇')}`);
	expect(found).toContain('淮安市洪泽区岔河镇人民政府');
	expect(found).toContain('江苏省/淮安市/洪泽区');
	// Every change is in the audit log, with the row before (none) and after.
	const audit = (await (await (await as(url, 'reg-admin')).get('/api/audit?action=registry.add')).json()) as { actor: string; target: string; after: string }[];
	expect(audit[0]).toMatchObject({ actor: 'reg-reviewer', target: 'agency:16' });
	expect(JSON.parse(audit[0].after).rows['16']).toMatchObject({ name: '淮安市洪泽区岔河镇人民政府', region: '江苏省/淮安市/洪泽区', parent_id: '3' });
});

test('a rename keeps every report under the agency, the old name kept as an alias', async () => {
	test.setTimeout(180_000);
	const ctx = await as(url, 'reg-reviewer');
	const reports = await reportLinks(ctx, 6);
	expect(reports).toEqual([62019, 62022, 62024]);
	await change(ctx, { op: 'rename', id: 6, name: '平潭综合实验区公安分局' });
	expect(readFileSync(REGISTRY, 'utf8')).toMatch(/^6,平潭综合实验区公安分局,department,4,福建省\/平潭综合实验区,平潭综合实验区公安局,,$/m);
	expect(await html(ctx, '/agencies/6')).toContain('<h1>平潭综合实验区公安分局</h1>');
	expect(await reportLinks(ctx, 6)).toEqual(reports);
	for (const id of reports) expect((await ctx.get(`/reports/${id}`)).status()).toBe(200);
	const audit = (await (await (await as(url, 'reg-admin')).get('/api/audit?action=registry.rename')).json()) as { before: string; after: string }[];
	expect(JSON.parse(audit[0].before).rows['6'].name).toBe('平潭综合实验区公安局');
	expect(JSON.parse(audit[0].after).rows['6']).toMatchObject({ name: '平潭综合实验区公安分局', aliases: '平潭综合实验区公安局' });
});

test('a merge (撤并) keeps both agencies’ reports under the survivor; the merged agency’s page leads there; no merging back', async ({ page }) => {
	test.setTimeout(180_000);
	const ctx = await as(url, 'reg-reviewer');
	const own = await reportLinks(ctx, 9);
	const merged = await reportLinks(ctx, 7);
	expect(own).toEqual([92024]);
	expect(merged).toEqual([72019, 72023, 72025]);
	await change(ctx, { op: 'merge', id: 7, into: 9, last_year: 2025 });
	expect(readFileSync(REGISTRY, 'utf8')).toMatch(/^7,平潭综合实验区海坛片区管理局,township,4,福建省\/平潭综合实验区,,,2025,9$/m);
	const redirect = await ctx.get('/agencies/7', { maxRedirects: 0 });
	expect(redirect.status()).toBe(303);
	expect(redirect.headers().location).toBe('/agencies/9');
	// The reports stay 7's (their ids, and so the findings' and reviews'), listed under 9.
	expect(await reportLinks(ctx, 9)).toEqual([...own, ...merged].sort());
	for (const id of merged) expect((await ctx.get(`/reports/${id}`)).status()).toBe(200);
	await page.goto(`${url}/agencies/7`);
	await expect(page).toHaveURL(/\/agencies\/9$/);
	const section = page.getByRole('table', { name: '撤并前「平潭综合实验区海坛片区管理局」的报告' });
	await expect(section.locator('tbody tr')).toHaveCount(3);
	await expect(page.getByRole('heading', { name: '撤并前「平潭综合实验区海坛片区管理局」的报告' })).toBeVisible();
	await expect(page.getByRole('table', { name: '各年度报告' }).locator('tbody tr')).toHaveCount(1);
	// No merging back, nor into an agency merged away.
	for (const op of [
		{ op: 'merge', id: 9, into: 7 },
		{ op: 'merge', id: 13, into: 7 }
	]) {
		const r = await ctx.post('/api/registry', { data: op, headers: { origin: url } });
		expect(r.status()).toBe(400);
		expect((await r.json()).error).toMatch(/已撤并到「平潭综合实验区金井片区管理局」/);
	}
});

test('a unit added at an upload takes its region from the parent picked, not from its name', async () => {
	test.setTimeout(180_000);
	const admin = await as(url, 'reg-admin');
	const text = readFileSync('data/reports/real/pingtan-jinjingpianqu-2024.txt', 'utf8')
		.replaceAll('平潭综合实验区金井片区管理局', '平潭综合实验区经济发展局')
		.replaceAll('2024年', '2018年');
	const fd = new FormData();
	fd.append('files', new Blob([text]), '经济发展局.txt');
	const preview = await (await admin.post('/api/uploads', { multipart: fd, headers: { origin: url } })).json();
	expect(preview.files[0]).toMatchObject({ status: 'ok', agency_id: null });
	// What the upload page sent before: the region its name spells (平潭综合实验区, outside 福建省).
	const added = { name: '平潭综合实验区经济发展局', level: 'department', parent_id: 4, region: '平潭综合实验区' };
	expect((await admin.post(`/api/uploads/${preview.id}/commit`, { data: { agencies: [{ file: 0, new: added }] }, headers: { origin: url } })).status()).toBe(
		202
	);
	for (const end = Date.now() + 120_000; ;) {
		const s = await (await admin.get(`/api/uploads/${preview.id}`)).json();
		if (s.state === 'done') break;
		expect(s.state).not.toBe('failed');
		expect(Date.now()).toBeLessThan(end);
		await new Promise((r) => setTimeout(r, 300));
	}
	const row = readFileSync(REGISTRY, 'utf8')
		.split('\n')
		.find((l) => l.includes(',平潭综合实验区经济发展局,'))!;
	expect(row).toMatch(/^\d+,平潭综合实验区经济发展局,department,4,福建省\/平潭综合实验区,/);
	const id = Number(row.split(',')[0]);
	expect(await html(admin, `/agencies/${id}`)).toContain('部门 · 福建省/平潭综合实验区');
});
