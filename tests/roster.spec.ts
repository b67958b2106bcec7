/**
 * The roster where a supervisor meets it: 福建省 2025 (counted on 2026-12-07, playwright.config.ts)
 * is 应报 12, 已收 3, 缺报 9 on the overview, on /missing and in the API; a reviewer downloads a
 * 催报通知 from /missing; an agency that owes a year sees it on its landing page.
 */
import { expect, test } from '@playwright/test';
import { PASSWORD, as, ensureUser } from './support';

const FUJIAN = 'region=福建省&year=2025';

test.beforeAll(() => {
	ensureUser('roster-reviewer', 'reviewer');
	// 平潭综合实验区财政金融局 (5): its 2025 report has not come.
	ensureUser('roster-agency', 'agency', 5);
});

test('应报 = 已收 + 缺报, the same on the overview, on /missing and in the API', async ({ page, baseURL }) => {
	await page.goto(`/?${FUJIAN}`);
	await expect(page.locator('[data-roster="owed"] .value')).toHaveText('3 / 12');
	await expect(page.locator('[data-roster="missing"] .value')).toHaveText('9');

	await page.goto(`/missing?${FUJIAN}`);
	const summary = page.locator('[data-roster-summary]');
	await expect(summary).toHaveAttribute('data-owed', '12');
	await expect(summary).toHaveAttribute('data-received', '3');
	await expect(summary).toHaveAttribute('data-missing', '9');
	const table = page.getByRole('table', { name: '2025年度应报单位' });
	await expect(table.locator('tbody tr[data-status="missing"]')).toHaveCount(9);
	await expect(table.locator('tbody tr[data-status="received"]')).toHaveCount(3);
	await expect(table.locator('tr[data-agency="5"]')).toContainText('缺报');
	await expect(table.locator('tr[data-agency="7"]')).toContainText('按时');
	// Anonymous readers see no 催报 column.
	await expect(table.getByRole('link', { name: '催报通知' })).toHaveCount(0);

	const api = await as(baseURL!, null);
	const r = await (await api.get(`/api/roster?${FUJIAN}`)).json();
	expect([r.year, r.owed, r.received, r.missing, r.late]).toEqual([2025, 12, 3, 9, 0]);
	expect(r.owed).toBe(r.received + r.missing);
	expect(r.agencies.filter((a: { status: string }) => a.status === 'missing').map((a: { id: number }) => a.id)).toContain(5);
	expect(r.agencies.find((a: { id: number }) => a.id === 5)).toMatchObject({ status: 'missing', due: '2026-01-31', published: null, report_id: null });
	expect(r.agencies.find((a: { id: number }) => a.id === 4)).toMatchObject({ status: 'received', due: '2026-03-31' });
	// The comparison names who owes the year and sent nothing, rather than leave them out.
	await page.goto(`/compare?${FUJIAN}`);
	await expect(page.locator('[data-missing-agencies]')).toHaveAttribute('data-missing-agencies', '9');
	await expect(page.locator('[data-missing-agencies]')).toContainText('平潭综合实验区财政金融局');
	// The agency's own page: its years, each with what became of it.
	await page.goto('/agencies/5');
	const own = page.getByRole('table', { name: '报送情况' });
	await expect(own.locator('tr[data-year="2025"]')).toHaveAttribute('data-status', 'missing');
	await expect(own.locator('tr[data-year="2025"]')).toContainText('缺报');
	await expect(own.locator('tr[data-year="2023"]')).toHaveAttribute('data-status', 'received');
	// A bad filter is read as none: the default scope, never an error.
	expect((await api.get('/api/roster?year=abc&status=%3Cx%3E')).status()).toBe(200);
});

test('a reviewer downloads a 催报通知 for a missing report; none is made for a report that came', async ({ page, baseURL }) => {
	await page.goto(`/login?next=${encodeURIComponent(`/missing?${FUJIAN}`)}`);
	await page.getByLabel('用户名').fill('roster-reviewer');
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL(/\/missing/);
	const link = page.locator('tr[data-agency="5"]').getByRole('link', { name: '催报通知' });
	const download = page.waitForEvent('download');
	await link.click();
	expect((await download).suggestedFilename()).toBe('关于报送平潭综合实验区财政金融局2025年度政府信息公开工作年度报告的催报通知.docx');
	const reviewer = await as(baseURL!, 'roster-reviewer');
	expect((await reviewer.get('/api/notices.docx?agency=7&year=2025&kind=missing')).status()).toBe(400);
	// Roles: anonymous 401, an agency account 403 (notices are the office's).
	expect((await (await as(baseURL!, null)).get('/api/notices.docx?agency=5&year=2025&kind=missing')).status()).toBe(401);
	expect((await (await as(baseURL!, 'roster-agency')).get('/api/notices.docx?agency=5&year=2025&kind=missing')).status()).toBe(403);
});

test('an agency account sees on its landing page the year it still owes', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('用户名').fill('roster-agency');
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
	await page.goto('/');
	const owes = page.getByRole('region', { name: '本单位待报送的年度报告' });
	await expect(owes.locator('[data-owed-year="2025"]')).toContainText('已逾期，应于2026年1月31日前公开');
	await expect(owes.locator('[data-owed-year="2024"]')).toBeVisible();
	await expect(owes.getByRole('link', { name: '上传报告' })).toBeVisible();
});
