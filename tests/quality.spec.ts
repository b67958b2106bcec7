/** 按时发布 and 质量评分 on the pages: a late report flagged from its page's date, one without a date not; scores shown and ranked. */
import { expect, test } from '@playwright/test';

test('timeliness counts from each level’s deadline, from the page’s date; a report that names no date is never late', async ({ page }) => {
	// 平潭综合实验区 2023: its page says 发布时间 2024-03-08 — a government's own report, due 31 March: in time.
	// (A department's late report is flagged: upload.spec.ts enters one's date.)
	await page.goto('/reports/42023');
	await expect(page.locator('[data-published]')).toHaveText('2024-03-08');
	await expect(page.getByRole('region', { name: '发现的问题' })).not.toContainText('未按时发布');
	await page.goto('/missing?region=福建省&year=2023');
	const row = page.getByRole('table', { name: '2023年度应报单位' }).locator('tr[data-agency="4"]');
	await expect(row).toContainText('2024-03-31');
	await expect(row).toContainText('按时');
	// 平潭综合实验区公安局 2024: published 2025-01-20, in time.
	await page.goto('/reports/62024');
	await expect(page.locator('[data-published]')).toHaveText('2025-01-20');
	await expect(page.getByRole('region', { name: '发现的问题' })).not.toContainText('未按时发布');
	// 叉干镇 2024: no date anywhere in the file.
	await page.goto('/reports/12024');
	await expect(page.getByText('发布日期：原文未注明')).toBeVisible();
	await expect(page.getByRole('region', { name: '发现的问题' })).not.toContainText('未按时发布');
});

test('each report shows its 质量评分 by dimension, and 对比 ranks the agencies by it', async ({ page }) => {
	await page.goto('/reports/42023');
	const q = page.getByRole('region', { name: '质量评分' });
	await expect(q.locator('thead th')).toHaveText(['完整性（25）', '准确性（30）', '一致性（20）', '原创性（15）', '及时性（10）']);
	await expect(q).toContainText('及时性');
	await page.goto('/compare?region=福建省&year=2024');
	await expect(page.locator('[data-chart="compare-quality"]')).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
	const png = await page.request.get('/charts/compare-quality.png?region=福建省&year=2024');
	expect(png.status()).toBe(200);
	expect(png.headers()['content-type']).toBe('image/png');
});
