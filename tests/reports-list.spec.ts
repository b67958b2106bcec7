import { expect, test } from '@playwright/test';

test('the report list shows the shipped real reports, read by the parser', async ({ page }) => {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	page.on('pageerror', (e) => errors.push(e.message));
	// The list follows the region filter: the real reports are in three provinces.
	const region = (r: string) => page.goto(`/reports?region=${encodeURIComponent(r)}`);
	await region('吉林省');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('报告清单');
	const table = page.getByRole('table', { name: '真实报告' });
	const dagan = table.getByRole('row').filter({ hasText: 'real/dagan-chagan-2024.txt' });
	await expect(dagan).toContainText('吉林省白城市大安市叉干镇综合服务中心');
	await expect(dagan).toContainText('吉林省/白城市/大安市');
	await expect(dagan.getByRole('cell').nth(6)).toHaveText('9');
	// Two sources of one report are one row, with the other source named.
	await region('福建省');
	const pingtan = table.getByRole('row').filter({ hasText: 'real/pingtan-2024.html' });
	await expect(pingtan.getByRole('cell').nth(6)).toHaveText('218');
	await expect(pingtan).toContainText('另有 1 个来源');
	// A PDF, and a page whose table cells ran together, are read too (千分位 for Chinese readers).
	await expect(table.getByRole('row').filter({ hasText: 'real/pingtan-2021.txt' }).getByRole('cell').nth(6)).toHaveText('70');
	await region('江苏省');
	await expect(table.getByRole('row').filter({ hasText: 'real/huaian-city-2024.pdf' }).getByRole('cell').nth(6)).toHaveText('3,119');
	expect(await table.locator('.tag.generated').count()).toBe(0);
	await region('示例省');
	// Generated reports are listed apart, each marked as fictional example data.
	const generated = page.getByRole('table', { name: '生成的示例报告（虚构数据）' });
	await expect(generated.getByRole('row').nth(1)).toContainText('示例');
	expect(await generated.getByRole('row').count()).toBeGreaterThan(600);
	expect(await generated.locator('.tag.generated').count()).toBe((await generated.getByRole('row').count()) - 1);
	// Real and generated never share a region: no real report is listed beside them.
	await expect(table).toHaveCount(0);
	expect(errors).toEqual([]);
});
