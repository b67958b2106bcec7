/**
 * 上传报告 (issue #16), on a server of its own over a copy of the e2e database (and of the
 * registry), so that what it ingests changes nothing another spec reads: a reviewer uploads two
 * reports in the browser, sees the preview, confirms, watches the progress to the end and opens a
 * new report; an agency account's upload of another agency's report is refused with the reason;
 * anonymous 401, viewer 403; a zip that climbs out is refused whole; a corrected version (更正版)
 * becomes the report, its versions and changed cells listed, the findings it no longer has 已消除;
 * an unmatched agency picked from the registry or added to it; files and a folder dropped on the
 * page; the dashboard answers a bounded load while an upload ingests.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { zipSync, strToU8 } from 'fflate';
import { AGENCY_A, AGENCY_B, PASSWORD, as, startServer, stopServers, userCli } from './support';

const DIR = 'test-results/upload-e2e';
/** The registry the server amends (a copy: data/agencies.csv is never written by a test). */
const REGISTRY = `${DIR}/agencies.csv`;
const PORT = 4612;
let url: string;
let env: NodeJS.ProcessEnv;
let server: Awaited<ReturnType<typeof startServer>>;

/** A real report made new: its year changed (to one no other test uses), so its bytes and its report are new. */
const asYear = (file: string, year: number) => Buffer.from(readFileSync(`data/reports/real/${file}`, 'utf8').replaceAll('2024年', `${year}年`));

test.beforeAll(async () => {
	test.setTimeout(90_000);
	rmSync(DIR, { recursive: true, force: true });
	mkdirSync(DIR, { recursive: true });
	copyFileSync('test-results/e2e.duckdb', `${DIR}/db.duckdb`);
	const workbench = `${DIR}/wb.duckdb`;
	userCli(['add', 'up-reviewer', '--role', 'reviewer'], { workbench });
	userCli(['add', 'up-viewer', '--role', 'viewer'], { workbench });
	userCli(['add', 'up-agency', '--role', 'agency', '--agency', String(AGENCY_A)], { workbench });
	userCli(['add', 'up-admin', '--role', 'admin'], { workbench });
	userCli(['add', 'up-agency-b', '--role', 'agency', '--agency', String(AGENCY_B)], { workbench });
	copyFileSync('data/agencies.csv', REGISTRY);
	env = {
		NIANBAO_DB: `${DIR}/db.duckdb`,
		NIANBAO_WORKBENCH: workbench,
		// What the e2e database was built from, so the upload's ingest keeps every report of it.
		NIANBAO_INGEST_PATHS: ['data/reports', 'tests/fixtures/reports'].join(path.delimiter),
		NIANBAO_UPLOAD_DIR: `${DIR}/reports`,
		NIANBAO_STAGING: `${DIR}/staging`,
		NIANBAO_REGISTRY: REGISTRY,
		BODY_SIZE_LIMIT: '260M'
	};
	server = await startServer(PORT, env);
	url = server.url;
});
test.afterAll(stopServers);

const form = (files: { name: string; bytes: Buffer | Uint8Array }[]) => {
	const fd = new FormData();
	for (const f of files) fd.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
	return fd;
};

test('a reviewer uploads two reports: preview, 确认上传, progress to the end, the new report served', async ({ page }) => {
	test.setTimeout(60_000);
	await page.goto(`${url}/login?next=/upload`);
	await page.getByLabel('用户名').fill('up-reviewer');
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/\/upload$/);
	await expect(page.getByRole('link', { name: '上传报告' })).toBeVisible();
	await page.getByLabel('报告文件').setInputFiles([
		{ name: '公安局2017年报.txt', mimeType: 'text/plain', buffer: asYear('pingtan-gonganju-2024.txt', 2017) },
		{ name: '金井片区2017年报.txt', mimeType: 'text/plain', buffer: asYear('pingtan-jinjingpianqu-2024.txt', 2017) },
		{ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{}') }
	]);
	await page.getByRole('button', { name: '解析预览' }).click();
	const rows = page.locator('table[data-upload] tbody tr');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(0)).toContainText('平潭综合实验区公安局');
	await expect(rows.nth(0)).toContainText('2017');
	await expect(rows.nth(1)).toContainText('平潭综合实验区金井片区管理局');
	await expect(rows.nth(2)).toContainText('拒收：不支持的文件类型「.json」');
	// The 发布日期 the uploader knows for one of them; the other is left empty (never the upload's day).
	await page.getByLabel('「公安局2017年报.txt」的发布日期').fill('2018-02-05');
	await page.getByRole('button', { name: '确认上传' }).click();
	await expect(page.getByText('入库完成')).toBeVisible({ timeout: 45_000 });
	await expect(page.getByRole('progressbar', { name: '入库进度' })).toHaveAttribute('value', '1');
	const links = page.locator('ul.reports a');
	await expect(links).toHaveCount(2);
	await links.first().click();
	await expect(page).toHaveURL(/\/reports\/\d+$/);
	await expect(page.locator('main')).toContainText('2017');
	await expect(page.locator('main')).toContainText('平潭综合实验区');
	const reports = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
	for (const href of reports) {
		await page.goto(url + href);
		if ((await page.locator('h1').innerText()).includes('公安局')) {
			// Entered, and past the department's 31 January: late by five days.
			await expect(page.locator('[data-published]')).toHaveText('2018-02-05');
			await expect(page.locator('main')).toContainText('上传时填写的发布日期');
			await expect(page.locator('main')).toContainText('晚于2018年1月31日的公布期限5天');
		} else await expect(page.locator('main')).toContainText('发布日期：原文未注明');
	}

	// The same file again is a duplicate of a stored one, and says so.
	const ctx = await as(url, 'up-reviewer');
	const again = await ctx.post('/api/uploads', {
		multipart: form([{ name: 'again.txt', bytes: asYear('pingtan-gonganju-2024.txt', 2017) }]),
		headers: { origin: url }
	});
	expect(again.status()).toBe(200);
	expect((await again.json()).files[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/重复文件/) });
});

test('an agency account’s upload of another agency’s report is refused with the reason, and nothing is committed', async () => {
	const ctx = await as(url, 'up-agency');
	const r = await ctx.post('/api/uploads', {
		multipart: form([{ name: 'pingtan-2016.txt', bytes: asYear('pingtan-gonganju-2024.txt', 2016) }]),
		headers: { origin: url }
	});
	expect(r.status()).toBe(200);
	const body = await r.json();
	expect(body.files[0]).toMatchObject({
		status: 'rejected',
		agency_id: 6,
		reason: expect.stringMatching(/^报告属于「平潭综合实验区公安局」，不是本单位（.+）的报告$/)
	});
	const commit = await ctx.post(`/api/uploads/${body.id}/commit`, { headers: { origin: url } });
	expect(commit.status()).toBe(400);
	expect(await commit.json()).toEqual({ error: '这次上传没有可入库的文件' });
	// Another agency's upload is not this account's to read or commit.
	const reviewer = await as(url, 'up-reviewer');
	const theirs = await (
		await reviewer.post('/api/uploads', { multipart: form([{ name: 'x.txt', bytes: asYear('pingtan-gonganju-2024.txt', 2015) }]), headers: { origin: url } })
	).json();
	expect((await ctx.get(`/api/uploads/${theirs.id}`)).status()).toBe(403);
	expect((await ctx.post(`/api/uploads/${theirs.id}/commit`, { headers: { origin: url } })).status()).toBe(403);
});

test('anonymous 401, viewer 403, on every upload endpoint and the page', async () => {
	const file = form([{ name: 'a.txt', bytes: Buffer.from('x') }]);
	for (const [who, status] of [
		[null, 401],
		['up-viewer', 403]
	] as const) {
		const ctx = await as(url, who);
		expect((await ctx.post('/api/uploads', { multipart: file, headers: { origin: url } })).status()).toBe(status);
		expect((await ctx.post('/api/uploads/0123456789abcdef/commit', { headers: { origin: url } })).status()).toBe(status);
		expect((await ctx.get('/api/uploads/0123456789abcdef')).status()).toBe(status);
	}
	expect((await (await as(url, 'up-viewer')).get('/upload')).status()).toBe(403);
});

test('a zip is previewed entry by entry: a report taken, a non-report refused with the reason, nothing stored', async () => {
	const ctx = await as(url, 'up-reviewer');
	const zip = zipSync({ '报告/公安局.txt': new Uint8Array(asYear('pingtan-gonganju-2024.txt', 2011)), '报告/说明.txt': strToU8('这是一份说明，不是年报。') });
	const r = await ctx.post('/api/uploads', { multipart: form([{ name: 'batch.zip', bytes: zip }]), headers: { origin: url } });
	expect(r.status()).toBe(200);
	const body = await r.json();
	expect(body.files.map((f: { name: string; status: string }) => [f.name, f.status])).toEqual([
		['报告/公安局.txt', 'ok'],
		['报告/说明.txt', 'rejected']
	]);
	expect(body.files[0]).toMatchObject({ agency_id: 6, year: 2011 });
	expect(body.files[1].reason).toMatch(/不是政府信息公开工作年度报告/);
	expect((await ctx.get('/reports/62011')).status()).toBe(404);
});

test('a zip that climbs out (../) is refused whole with a clear answer', async () => {
	const ctx = await as(url, 'up-reviewer');
	const zip = zipSync({ 'ok.txt': strToU8('x'), '../x.txt': strToU8('x') });
	const r = await ctx.post('/api/uploads', { multipart: form([{ name: 'evil.zip', bytes: zip }]), headers: { origin: url } });
	expect(r.status()).toBe(400);
	expect((await r.json()).error).toMatch(/越出目录：\.\.\/x\.txt/);
});

type Status = { state: string; progress: number; reports: number[]; error: string | null };
async function until(ctx: Awaited<ReturnType<typeof as>>, id: string, done: (s: Status) => boolean): Promise<Status> {
	// An ingest of the e2e database takes a few seconds; on a machine shared with other runs, many more.
	for (const end = Date.now() + 90_000; Date.now() < end;) {
		const s = (await (await ctx.get(`/api/uploads/${id}`)).json()) as Status;
		if (done(s)) return s;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`upload ${id} did not finish`);
}
const finished = (s: Status) => s.state === 'done' || s.state === 'failed';

test('two uploads committed at once are serialized, and both land', async () => {
	test.setTimeout(120_000);
	const ctx = await as(url, 'up-reviewer');
	const ids: string[] = [];
	for (const [file, year] of [
		['pingtan-gonganju-2024.txt', 2013],
		['pingtan-jinjingpianqu-2024.txt', 2012]
	] as const) {
		const r = await (await ctx.post('/api/uploads', { multipart: form([{ name: file, bytes: asYear(file, year) }]), headers: { origin: url } })).json();
		expect(r.files[0].status).toBe('ok');
		ids.push(r.id);
	}
	const commits = await Promise.all(ids.map((id) => ctx.post(`/api/uploads/${id}/commit`, { headers: { origin: url } })));
	expect(commits.map((c) => c.status())).toEqual([202, 202]);
	// While they ingest, the dashboard keeps answering.
	expect((await ctx.get(`/api/uploads/${ids[1]}`)).ok()).toBe(true);
	expect(((await (await ctx.get(`/api/uploads/${ids[1]}`)).json()) as Status).state).toBe('ingesting');
	for (const page of ['/', '/reports/62017', '/anomalies']) expect((await ctx.get(page)).status()).toBe(200);
	const [a, b] = await Promise.all(ids.map((id) => until(ctx, id, finished)));
	expect([a.state, b.state]).toEqual(['done', 'done']);
	expect([...a.reports, ...b.reports].sort()).toEqual([62013, 92012]);
	for (const id of [62013, 92012]) expect((await ctx.get(`/reports/${id}`)).status()).toBe(200);
});

test('a server killed during an upload’s ingest keeps serving the previous database; the upload is failed at restart, and lands when committed again', async () => {
	test.setTimeout(150_000);
	let ctx = await as(url, 'up-reviewer');
	const r = await (
		await ctx.post('/api/uploads', { multipart: form([{ name: 'g.txt', bytes: asYear('pingtan-gonganju-2024.txt', 2014) }]), headers: { origin: url } })
	).json();
	expect((await ctx.post(`/api/uploads/${r.id}/commit`, { headers: { origin: url } })).status()).toBe(202);
	server.child.kill('SIGKILL');
	await new Promise((resolve) => server.child.once('exit', resolve));
	server = await startServer(PORT, env);
	ctx = await as(url, 'up-reviewer');
	const failed = (await (await ctx.get(`/api/uploads/${r.id}`)).json()) as Status;
	expect(failed).toMatchObject({ state: 'failed', reports: [], error: expect.stringMatching(/可再次确认上传/) });
	// The previous database: serving, without the report.
	expect((await ctx.get('/reports/62017')).status()).toBe(200);
	expect((await ctx.get('/reports/62014')).status()).toBe(404);
	expect((await ctx.post(`/api/uploads/${r.id}/commit`, { headers: { origin: url } })).status()).toBe(202);
	expect(await until(ctx, r.id, finished)).toMatchObject({ state: 'done', reports: [62014] });
	expect((await ctx.get('/reports/62014')).status()).toBe(200);
});

/** A preview through the API, as `who`. */
async function previewAs(ctx: Awaited<ReturnType<typeof as>>, files: { name: string; bytes: Buffer | Uint8Array }[]) {
	const r = await ctx.post('/api/uploads', { multipart: form(files), headers: { origin: url } });
	expect(r.status()).toBe(200);
	return (await r.json()) as {
		id: string;
		files: { status: string; agency_id: number | null; reason: string | null; warnings: { code: string; message: string }[]; findings: { rule: string }[] }[];
	};
}
const commitOf = (ctx: Awaited<ReturnType<typeof as>>, id: string, data?: object) =>
	ctx.post(`/api/uploads/${id}/commit`, { headers: { origin: url }, ...(data ? { data } : {}) });

/** 叉干镇's 2024 report as another year; `bad`: with the new applications' total misprinted (8 for 9: the row's sum fails). */
function chagan(year: number, bad = false) {
	const text = readFileSync('data/reports/real/dagan-chagan-2024.txt', 'utf8').replaceAll('2024年', `${year}年`);
	const lines = text.split('\n');
	const at = lines.findIndex((l) => l.includes('一、本年新收政府信息公开申请数量'));
	expect(lines[at + 7]).toBe('\t9');
	if (bad) lines[at + 7] = '\t8';
	return Buffer.from(lines.join('\n'));
}

test('a corrected version (更正版) becomes the report: its versions, the cells it changed, and the findings it no longer has (已消除, after their reviews)', async ({
	page
}) => {
	test.setTimeout(180_000);
	const agency = await as(url, 'up-agency');
	const reviewer = await as(url, 'up-reviewer');
	// The agency's own report, misprinted: the preview says what it would raise.
	const first = await previewAs(agency, [{ name: '叉干镇2016年报.txt', bytes: chagan(2016, true) }]);
	expect(first.files[0]).toMatchObject({ status: 'ok', agency_id: AGENCY_A });
	expect(first.files[0].findings.map((f) => f.rule)).toContain('t3_row_total');
	expect((await commitOf(agency, first.id)).status()).toBe(202);
	expect(await until(agency, first.id, finished)).toMatchObject({ state: 'done', reports: [12016] });
	const findings = (await (await reviewer.get('/api/findings?year=2016&region=吉林省&state=all')).json()) as { id: string; rule: string; report_id: number }[];
	const rowTotal = findings.find((f) => f.report_id === 12016 && f.rule === 't3_row_total')!;
	expect(rowTotal).toBeDefined();
	expect(
		(await reviewer.post(`/api/findings/${rowTotal.id}/review`, { data: { state: 'confirmed', note: '请更正' }, headers: { origin: url } })).status()
	).toBe(200);

	// The correction: one cell otherwise, the sums right again.
	const again = await previewAs(agency, [{ name: '叉干镇2016年报（更正）.txt', bytes: chagan(2016) }]);
	expect(again.files[0].warnings[0]).toMatchObject({
		code: 'corrected_version',
		message: expect.stringMatching(/^更正版：与已入库的「.+」2016 年报告有 1 处数值不同/)
	});
	expect(again.files[0].findings.map((f) => f.rule)).not.toContain('t3_row_total');
	expect((await commitOf(agency, again.id)).status()).toBe(202);
	expect(await until(agency, again.id, finished)).toMatchObject({ state: 'done', reports: [12016] });

	await page.goto(`${url}/login?next=/reports/12016`);
	await page.getByLabel('用户名').fill('up-reviewer');
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/\/reports\/12016$/);
	const versions = page.getByRole('region', { name: '报告版本' });
	await expect(versions.getByRole('heading')).toHaveText('版本（2）');
	await expect(versions.locator('li[data-version="1"]')).toContainText('up-agency 上传（叉干镇2016年报.txt）');
	await expect(versions.locator('li[data-version="2"]')).toContainText('第 2 版（现行）');
	await expect(versions.locator('li[data-version="2"]')).toContainText('up-agency 上传（叉干镇2016年报（更正）.txt）');
	const changed = versions.locator('tr[data-cell="applications.new_received.total"]');
	await expect(changed).toContainText('表三「一、本年新收政府信息公开申请数量」行「总计」列');
	await expect(changed.locator('td.num')).toHaveText(['8', '9']);
	await expect(versions.locator('tr[data-cell]')).toHaveCount(1);
	// The page shows the current figures.
	await expect(page.locator('#cell-applications-new_received-total')).toHaveText('9');
	const gone = page.locator(`li[data-gone="${rowTotal.id}"]`);
	await expect(gone).toContainText('最后核实为「属实」');
	await expect(gone.locator('ol.history li')).toHaveText([/up-reviewer：属实 请更正/, /已消除：第 2 版（现行）（更正版）不再有此问题/]);
	await expect(page.locator(`[data-finding-id="${rowTotal.id}"]`)).toHaveCount(0);

	// Every role sees the versions, what they changed and what is gone; who uploaded them and the
	// reviews only those who may read reviews: reviewers, admins, and the agency itself.
	for (const [who, names] of [
		[null, false],
		['up-viewer', false],
		['up-agency-b', false],
		['up-agency', true],
		['up-reviewer', true],
		['up-admin', true]
	] as const) {
		const html = await (await (await as(url, who)).get('/reports/12016')).text();
		expect(html, `${who}`).toContain('版本（2）');
		expect(html, `${who}`).toContain('8</td>');
		expect(html, `${who}`).toContain(`data-gone="${rowTotal.id}"`);
		expect(html.includes('up-agency 上传'), `${who}`).toBe(names);
		expect(html.includes('请更正'), `${who}`).toBe(names);
	}
});

test('a 发布日期 entered at commit is checked: a real day, after the report’s year, not after today', async () => {
	const reviewer = await as(url, 'up-reviewer');
	const p = await previewAs(reviewer, [{ name: 'dated.txt', bytes: asYear('pingtan-gonganju-2024.txt', 2016) }]);
	expect(p.files[0].status).toBe('ok');
	const refused = async (published: object[]) => {
		const r = await commitOf(reviewer, p.id, { published });
		expect(r.status()).toBe(400);
		return ((await r.json()) as { error: string }).error;
	};
	expect(await refused([{ file: 0, date: '2016-12-31' }])).toContain('发布日期不会早于2017年1月1日');
	expect(await refused([{ file: 0, date: '2099-01-01' }])).toContain('晚于今天');
	expect(await refused([{ file: 0, date: '2017-02-30' }])).toContain('YYYY-MM-DD');
	expect(await refused([{ file: 5, date: '2017-03-01' }])).toContain('不在可入库的文件中');
	expect((await commitOf(reviewer, p.id, { published: [{ file: 0, date: '2017-03-01' }] })).status()).toBe(202);
});

test('an unmatched agency: a reviewer credits the file to a registry agency, an admin adds one; an agency account, a viewer and anonymous may not choose', async () => {
	test.setTimeout(180_000);
	const renamed = (name: string, year: number) =>
		Buffer.from(
			readFileSync('data/reports/real/pingtan-jinjingpianqu-2024.txt', 'utf8')
				.replaceAll('平潭综合实验区金井片区管理局', name)
				.replaceAll('2024年', `${year}年`)
		);
	const reviewer = await as(url, 'up-reviewer');
	const p = await previewAs(reviewer, [{ name: '测试片区.txt', bytes: renamed('平潭综合实验区测试片区管理局', 2010) }]);
	expect(p.files[0]).toMatchObject({ status: 'ok', agency_id: null });
	expect(p.files[0].warnings[0].code).toBe('new_agency');
	// The registry search the preview offers.
	const hits = (await (await reviewer.get(`/api/agencies?q=${encodeURIComponent('金井')}`)).json()) as { id: number; name: string }[];
	expect(hits).toEqual([{ id: 9, name: '平潭综合实验区金井片区管理局', level: 'township', region: '福建省/平潭综合实验区' }]);
	expect((await (await as(url, null)).get('/api/agencies?q=' + 'x'.repeat(51))).status()).toBe(400);

	// Who may not choose: 401, 403, and an agency account even for an upload of its own.
	const choice = { agencies: [{ file: 0, agency_id: 9 }] };
	expect((await (await as(url, null)).post(`/api/uploads/${p.id}/commit`, { data: choice, headers: { origin: url } })).status()).toBe(401);
	expect((await (await as(url, 'up-viewer')).post(`/api/uploads/${p.id}/commit`, { data: choice, headers: { origin: url } })).status()).toBe(403);
	const agency = await as(url, 'up-agency');
	const own = await previewAs(agency, [{ name: 'own.txt', bytes: chagan(2015) }]);
	expect((await commitOf(agency, own.id, { agencies: [{ file: 0, agency_id: AGENCY_A }] })).status()).toBe(403);
	// Bad choices: a file that is matched already, an agency the registry does not hold, a malformed body.
	expect(await (await commitOf(reviewer, p.id, { agencies: [{ file: 0, agency_id: 999 }] })).json()).toEqual({ error: '单位名录中没有编号为 999 的单位' });
	expect((await commitOf(reviewer, p.id, { agencies: [{ file: 0, agency_id: '9' }] })).status()).toBe(400);
	expect((await commitOf(reviewer, p.id, { agencies: [{ file: 3, agency_id: 9 }] })).status()).toBe(400);
	expect(readFileSync(REGISTRY, 'utf8')).toBe(readFileSync('data/agencies.csv', 'utf8'));

	expect((await commitOf(reviewer, p.id, choice)).status()).toBe(202);
	expect(await until(reviewer, p.id, finished)).toMatchObject({ state: 'done', reports: [92010] });
	expect(readFileSync(REGISTRY, 'utf8')).toMatch(/^9,平潭综合实验区金井片区管理局,township,4,福建省\/平潭综合实验区,平潭综合实验区测试片区管理局,,$/m); // the registry's reporting span (first_year,last_year) left empty

	const admin = await as(url, 'up-admin');
	const q = await previewAs(admin, [{ name: '新建片区.txt', bytes: renamed('平潭综合实验区新建片区管理局', 2024) }]);
	expect(q.files[0].agency_id).toBeNull();
	const added = { name: '平潭综合实验区新建片区管理局', level: 'township', parent_id: 4, region: '福建省/平潭综合实验区' };
	expect((await commitOf(admin, q.id, { agencies: [{ file: 0, new: { ...added, level: 'galaxy' } }] })).status()).toBe(400);
	expect((await commitOf(admin, q.id, { agencies: [{ file: 0, new: { ...added, name: '甲;乙' } }] })).status()).toBe(400);
	expect((await commitOf(admin, q.id, { agencies: [{ file: 0, new: added }] })).status()).toBe(202);
	expect(await until(admin, q.id, finished)).toMatchObject({ state: 'done', reports: [162024] });
	expect(readFileSync(REGISTRY, 'utf8')).toContain('\n16,平潭综合实验区新建片区管理局,township,4,福建省/平潭综合实验区,,,\n');
	const agencyPage = await (await as(url, null)).get('/agencies/16');
	expect(agencyPage.status()).toBe(200);
	expect(await agencyPage.text()).toContain('平潭综合实验区新建片区管理局');
});

test('files and a folder dropped on the page are previewed like picked ones', async ({ page }) => {
	test.setTimeout(60_000);
	// A dropped folder comes as FileSystem entries, which only a real drag from the desktop gives:
	// the browser's webkitGetAsEntry stands in for it here, giving a folder of the dropped files.
	await page.addInitScript(() => {
		const proto = DataTransferItem.prototype as unknown as { webkitGetAsEntry: (this: DataTransferItem) => unknown };
		proto.webkitGetAsEntry = function (this: DataTransferItem) {
			const f = this.getAsFile();
			if (!f || !f.name.startsWith('folder:')) return null;
			const parts = f.name.slice('folder:'.length).split('|');
			const files = parts.map((n) => new File([(window as unknown as { __bytes: Record<string, string> }).__bytes[n]], n));
			const fileEntry = (file: File) => ({
				isFile: true,
				isDirectory: false,
				name: file.name,
				fullPath: `/年报/${file.name}`,
				file: (ok: (x: File) => void) => ok(file)
			});
			let read = false;
			return {
				isFile: false,
				isDirectory: true,
				name: '年报',
				fullPath: '/年报',
				createReader: () => ({ readEntries: (ok: (e: unknown[]) => void) => ok(read ? [] : ((read = true), files.map(fileEntry))) })
			};
		};
	});
	await page.goto(`${url}/login?next=/upload`);
	await page.getByLabel('用户名').fill('up-reviewer');
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/\/upload$/);
	await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
	const drop = async (files: { name: string; text: string }[]) =>
		page.getByRole('region', { name: '拖放区' }).evaluate((zone, files) => {
			const dt = new DataTransfer();
			for (const f of files) dt.items.add(new File([f.text], f.name));
			zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
		}, files);
	const gonganju = readFileSync('data/reports/real/pingtan-gonganju-2024.txt', 'utf8');
	await drop([
		{ name: '公安局2008.txt', text: gonganju.replaceAll('2024年', '2008年') },
		{ name: 'notes.json', text: '{}' }
	]);
	await expect(page.locator('[data-dropped]')).toContainText('已拖入 2 个文件');
	await page.evaluate(
		(t) => ((window as unknown as { __bytes: Record<string, string> }).__bytes = { '公安局2007.txt': t, '.DS_Store': 'x' }),
		gonganju.replaceAll('2024年', '2007年')
	);
	await drop([{ name: 'folder:公安局2007.txt|.DS_Store', text: '' }]);
	await expect(page.locator('[data-dropped]')).toContainText('已拖入 3 个文件');
	await expect(page.locator('[data-dropped]')).toContainText('年报/公安局2007.txt');
	await page.getByRole('button', { name: '解析预览' }).click();
	const rows = page.locator('table[data-upload] tbody tr');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(0)).toContainText('公安局2008.txt');
	await expect(rows.nth(0)).toContainText('可入库');
	await expect(rows.nth(1)).toContainText('拒收：不支持的文件类型「.json」');
	await expect(rows.nth(2)).toContainText('年报/公安局2007.txt');
	await expect(rows.nth(2)).toContainText('2007');
});

test('the dashboard answers a bounded load on loopback (16 requests at a time) for the whole of an upload’s ingest, without one failure', async () => {
	test.setTimeout(150_000);
	const reviewer = await as(url, 'up-reviewer');
	const p = await previewAs(reviewer, [{ name: 'load.txt', bytes: asYear('pingtan-gonganju-2024.txt', 2006) }]);
	expect((await commitOf(reviewer, p.id)).status()).toBe(202);
	const pages = ['/', '/compare', '/reports/12024'];
	let ingesting = true;
	const failures: string[] = [];
	let answered = 0;
	let duringIngest = 0;
	const worker = async (w: number) => {
		for (let i = w; ingesting; i++) {
			const target = pages[i % pages.length];
			try {
				const r = await fetch(url + target);
				await r.arrayBuffer();
				if (r.status !== 200) failures.push(`${target} ${r.status}`);
				answered++;
				if (ingesting) duringIngest++;
			} catch (e) {
				failures.push(`${target} ${(e as Error).message}`);
			}
		}
	};
	const load = Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
	const end = await until(reviewer, p.id, finished);
	ingesting = false;
	await load;
	expect(end).toMatchObject({ state: 'done', reports: [62006] });
	expect(failures).toEqual([]);
	expect(duringIngest).toBeGreaterThan(16);
	expect(answered).toBeGreaterThanOrEqual(duringIngest);
});
