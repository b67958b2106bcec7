/**
 * The annual check in the browser: a reviewer reviews findings one by one and in bulk, filters
 * by state, and dismissed findings leave the counts; an agency replies to its own finding.
 */
import { expect, test, type Page } from '@playwright/test';
import { AGENCY_A, PASSWORD, ensureUser } from './support';

test.beforeAll(() => {
	ensureUser('reviewer2', 'reviewer');
	ensureUser('agencyA2', 'agency', AGENCY_A);
});

async function signIn(page: Page, name: string, next: string) {
	await page.goto(`/login?next=${encodeURIComponent(next)}`);
	await page.getByLabel('用户名').fill(name);
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
	expect(decodeURIComponent(new URL(page.url()).pathname + new URL(page.url()).search)).toBe(next);
}

const LIST = '/anomalies?region=福建省&year=2022';

test('bulk review from the filtered list, filter by state, and 误报 drops out of the counts', async ({ page }) => {
	await signIn(page, 'reviewer2', LIST);
	const rows = page.getByRole('table', { name: '问题列表' }).locator('tbody tr[data-finding-id]');
	const before = await rows.count();
	expect(before).toBeGreaterThanOrEqual(3);
	const ids = await rows.evaluateAll((trs) => trs.slice(0, 3).map((tr) => tr.getAttribute('data-finding-id')!));
	// Three checked, confirmed at once.
	for (const id of ids) await page.locator(`tr[data-finding-id="${id}"] input[type=checkbox]`).check();
	const bulk = page.getByRole('group', { name: /批量核实/ });
	await bulk.getByLabel('核实为').selectOption('confirmed');
	await bulk.getByRole('button', { name: '提交' }).click();
	await expect(page.getByRole('status')).toContainText('已核实 3 条');
	for (const id of ids) await expect(page.locator(`tr[data-finding-id="${id}"]`)).toContainText('属实');
	// Filtered to 属实: exactly those.
	await page.goto(`${LIST}&state=confirmed`);
	await expect(rows).toHaveCount(3);
	// 误报 needs a reason; then the finding leaves the default list and the counts.
	await page.goto(LIST);
	await page.locator(`tr[data-finding-id="${ids[0]}"] input[type=checkbox]`).check();
	await bulk.getByLabel('核实为').selectOption('dismissed');
	await bulk.getByRole('button', { name: '提交' }).click();
	await expect(page.getByRole('alert')).toContainText('理由');
	await page.locator(`tr[data-finding-id="${ids[0]}"] input[type=checkbox]`).check();
	await bulk.getByLabel('核实为').selectOption('dismissed');
	await bulk.getByLabel('说明').fill('经核对原文无误');
	await bulk.getByRole('button', { name: '提交' }).click();
	await expect(page.getByRole('status')).toContainText('已核实 1 条');
	await expect(rows).toHaveCount(before - 1);
	const counted = async (state: string) => {
		const csv = await (await page.request.get(`/charts/anomalies-by-rule.csv?region=福建省&year=2022${state}`)).text();
		return csv
			.split('\n')
			.slice(1)
			.flatMap((line) => line.split(',').slice(1)) // columns: the rule, then one count per severity
			.reduce((n, v) => n + (Number(v) || 0), 0);
	};
	await page.goto(`${LIST}&state=all`);
	await expect(rows).toHaveCount(before);
	await expect(page.locator(`tr[data-finding-id="${ids[0]}"]`)).toContainText('误报');
	expect(await counted('')).toBe(before - 1);
});

test('an agency adds its 说明 to its own finding; the reviewer sees it in the history', async ({ page, browser }) => {
	await signIn(page, 'agencyA2', '/anomalies?region=吉林省&year=2024');
	const link = page
		.getByRole('table', { name: '问题列表' })
		.getByRole('link')
		.filter({ hasText: /。|：|列/ })
		.first();
	await link.click();
	await expect(page).toHaveURL(/\/reports\/\d+/);
	const reply = page.getByRole('form', { name: /单位说明/ }).first();
	await reply.getByLabel('单位说明').fill('该栏目已在更正版中补填');
	await reply.getByRole('button', { name: '提交说明' }).click();
	await expect(page.locator('details.history', { hasText: '该栏目已在更正版中补填' })).toHaveCount(1);
	// No review form for an agency.
	await expect(page.getByRole('form', { name: /^核实/ })).toHaveCount(0);
	const other = await browser.newPage();
	await signIn(other, 'reviewer2', new URL(page.url()).pathname);
	const history = other.locator('details.history', { hasText: '该栏目已在更正版中补填' });
	await history.locator('summary').click();
	await expect(history).toContainText('单位说明——该栏目已在更正版中补填');
	await other.close();
});
