/**
 * 上传报告 (issue #16), on a server of its own over a copy of the e2e database, so that what it
 * ingests changes nothing another spec reads: a reviewer uploads two reports in the browser,
 * sees the preview, confirms, watches the progress to the end and opens a new report; an
 * agency account's upload of another agency's report is refused with the reason; anonymous
 * 401, viewer 403; a zip that climbs out is refused whole.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { zipSync, strToU8 } from 'fflate';
import { AGENCY_A, PASSWORD, as, startServer, stopServers, userCli } from './support';

const DIR = 'test-results/upload-e2e';
const PORT = 4612;
let url: string;
let env: NodeJS.ProcessEnv;
let server: Awaited<ReturnType<typeof startServer>>;

/** A real report made new: its year changed (to one no other test uses), so its bytes and its report are new. */
const asYear = (file: string, year: number) => Buffer.from(readFileSync(`data/reports/real/${file}`, 'utf8').replaceAll('2024年', `${year}年`));

test.beforeAll(async () => {
	test.setTimeout(60_000);
	rmSync(DIR, { recursive: true, force: true });
	mkdirSync(DIR, { recursive: true });
	copyFileSync('test-results/e2e.duckdb', `${DIR}/db.duckdb`);
	const workbench = `${DIR}/wb.duckdb`;
	userCli(['add', 'up-reviewer', '--role', 'reviewer'], { workbench });
	userCli(['add', 'up-viewer', '--role', 'viewer'], { workbench });
	userCli(['add', 'up-agency', '--role', 'agency', '--agency', String(AGENCY_A)], { workbench });
	env = {
		NIANBAO_DB: `${DIR}/db.duckdb`,
		NIANBAO_WORKBENCH: workbench,
		// What the e2e database was built from, so the upload's ingest keeps every report of it.
		NIANBAO_INGEST_PATHS: ['data/reports', 'tests/fixtures/reports'].join(path.delimiter),
		NIANBAO_UPLOAD_DIR: `${DIR}/reports`,
		NIANBAO_STAGING: `${DIR}/staging`,
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
	await page.getByRole('button', { name: '确认上传' }).click();
	await expect(page.getByText('入库完成')).toBeVisible({ timeout: 45_000 });
	await expect(page.getByRole('progressbar', { name: '入库进度' })).toHaveAttribute('value', '1');
	const links = page.locator('ul.reports a');
	await expect(links).toHaveCount(2);
	await links.first().click();
	await expect(page).toHaveURL(/\/reports\/\d+$/);
	await expect(page.locator('main')).toContainText('2017');
	await expect(page.locator('main')).toContainText('平潭综合实验区');

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
	for (let i = 0; i < 120; i++) {
		const s = (await (await ctx.get(`/api/uploads/${id}`)).json()) as Status;
		if (done(s)) return s;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`upload ${id} did not finish`);
}
const finished = (s: Status) => s.state === 'done' || s.state === 'failed';

test('two uploads committed at once are serialized, and both land', async () => {
	test.setTimeout(60_000);
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
	test.setTimeout(90_000);
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
