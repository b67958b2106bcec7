import { expect, test } from '@playwright/test';

test('the report list shows the shipped real reports, read by the parser, one link each', async ({ page }) => {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	page.on('pageerror', (e) => errors.push(e.message));
	// The list follows the region and year filters.
	const list = (q: string) => page.goto(`/reports?${q}`);
	const table = page.getByRole('table', { name: '报告清单' });
	const row = (agency: string, year: number) =>
		table
			.getByRole('row')
			.filter({ hasText: agency })
			.filter({ hasText: String(year) });
	await list(`region=${encodeURIComponent('吉林省')}&year=2024`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('报告清单');
	const dagan = row('吉林省白城市大安市叉干镇综合服务中心', 2024);
	await expect(dagan).toContainText('吉林省/白城市/大安市');
	await expect(dagan.getByRole('cell').nth(6)).toHaveText('9');
	// No internal file paths on the page.
	await expect(page.locator('main')).not.toContainText('data/reports');
	// Each row leads to its report.
	await dagan.getByRole('link', { name: /2024年度报告/ }).click();
	await expect(page).toHaveURL(/\/reports\/12024$/);
	// Two sources of one report are one row, with the other source counted.
	await list(`region=${encodeURIComponent('福建省')}&year=2024`);
	await expect(row('平潭综合实验区', 2024).first()).toBeVisible();
	const pingtan = table.getByRole('row').filter({ has: page.getByRole('link', { name: '平潭综合实验区', exact: true }) });
	await expect(pingtan.getByRole('cell').nth(6)).toHaveText('218');
	await expect(pingtan).toContainText('另有 1 个来源');
	// The year filter is honoured; 全部年度 on request.
	expect(await table.locator('tbody tr').filter({ hasText: '2021' }).count()).toBe(0);
	await list(`region=${encodeURIComponent('福建省')}&year=2024&years=all&sort=new_received&dir=desc`);
	await expect(table.locator('tbody tr').first().getByRole('cell').nth(6)).toHaveText('218');
	await list(`region=${encodeURIComponent('江苏省')}&year=2024`);
	await expect(row('淮安市人民政府', 2024).getByRole('cell').nth(6)).toHaveText('3,119');
	expect(await table.locator('.tag.generated').count()).toBe(0);
	// Generated reports, marked as fictional, in pages of 50 with the count.
	await list(`region=${encodeURIComponent('示例省')}&years=all`);
	await expect(page.getByText(/共 687 份报告，第 1 \/ 14 页/)).toBeVisible();
	expect(await table.locator('tbody tr').count()).toBe(50);
	expect(await table.locator('.tag.generated').count()).toBe(50);
	await page.getByRole('navigation', { name: '翻页' }).getByRole('link', { name: '下一页' }).click();
	await expect(page).toHaveURL(/page=2/);
	expect(errors).toEqual([]);
});
