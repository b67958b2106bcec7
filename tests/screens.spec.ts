/**
 * What a supervisor's week trips over (issue #36), each as seen on screen: the filters only where
 * they change what is shown, a missing page said in Chinese.
 */
import { expect, test } from '@playwright/test';
import { as, ensureUser } from './support';

test.beforeAll(() => {
	ensureUser('screens-admin', 'admin');
	ensureUser('screens-reviewer', 'reviewer');
});

test('the 地区/年度/级别 bar only on the region’s views', async ({ page, baseURL }) => {
	const filters = page.getByRole('form', { name: '筛选', exact: true });
	for (const path of ['/', '/compare', '/anomalies', '/missing', '/reports']) {
		await page.goto(path);
		await expect(filters, path).toBeVisible();
	}
	for (const path of ['/login', '/search?q=淮安', '/reports/12024', '/agencies/3']) {
		await page.goto(path);
		await expect(filters, path).toHaveCount(0);
	}
	// Signed in: the upload and admin pages have none either.
	const admin = await as(baseURL!, 'screens-admin');
	for (const path of ['/upload', '/admin']) {
		const html = await (await admin.get(path)).text();
		expect(html, path).not.toContain('aria-label="筛选"');
	}
});

test('a page that is not there is said in Chinese', async ({ page }) => {
	const answer = await page.goto('/nosuchpage');
	expect(answer?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('找不到页面');
	await expect(page.getByText('没有这个页面，请检查网址。')).toBeVisible();
	await expect(page.locator('main')).not.toContainText('Not Found');
});

test('one zone everywhere, said once: 北京时间', async ({ page }) => {
	for (const path of ['/', '/reports/12024', '/missing']) {
		await page.goto(path);
		await expect(page.getByText('页面中的时间均为北京时间')).toHaveCount(1);
	}
});

test('a report’s source files are listed apart, each a link', async ({ page }) => {
	// 平潭 2024 has two sources: .html and .txt.
	await page.goto('/reports/42024');
	const line = page.locator('p', { hasText: '来源文件：' });
	await expect(line.getByRole('link')).toHaveCount(2);
	await expect(line).toContainText(/pingtan-2024\.\w+[^、]*、pingtan-2024\.\w+/);
});

test('regions are listed by pinyin, as people look for them (福建省, 吉林省, 江苏省), not by character code', async ({ page }) => {
	await page.goto('/');
	const options = await page.getByRole('form', { name: '筛选', exact: true }).getByLabel('地区').locator('option').allTextContents();
	const tops = options.map((o) => o.trim()).filter((o) => ['福建省', '吉林省', '江苏省'].some((p) => o.startsWith(p)) && !o.includes('/'));
	const order = ['福建省', '吉林省', '江苏省'].map((p) => tops.findIndex((o) => o.startsWith(p)));
	expect(order.every((i) => i >= 0)).toBe(true);
	expect(order).toEqual([...order].sort((a, b) => a - b));
});

test('a 整改期限 already past, or not a date, is refused with the reason', async ({ baseURL }) => {
	const reviewer = await as(baseURL!, 'screens-reviewer');
	const notice = (deadline: string) => reviewer.get(`/api/notices.docx?region=${encodeURIComponent('福建省')}&year=2025&deadline=${deadline}`);
	const past = await notice('2020-01-01');
	expect(past.status()).toBe(400);
	expect((await past.json()).error).toMatch(/整改期限2020-01-01已经过去/);
	const nonsense = await notice('2026-02-30');
	expect(nonsense.status()).toBe(400);
	expect((await nonsense.json()).error).toMatch(/不是日期/);
	expect((await notice('2099-12-31')).status()).toBe(200);
	// The page says it, and shows the notice with the default deadline.
	const page = await (await reviewer.get(`/notices?region=${encodeURIComponent('福建省')}&year=2025&deadline=2020-01-01`)).text();
	expect(page).toContain('整改期限2020-01-01已经过去');
});

test('a chart’s image says a filter it could not follow, as its page does', async ({ request }) => {
	const bad = await (await request.get('/charts/compare-ranking.svg?year=abc')).text();
	expect(bad).toContain('年度「abc」无效，显示的是');
	const none = await (await request.get(`/charts/compare-ranking.svg?region=${encodeURIComponent('吉林省')}&year=2030`)).text();
	expect(none).toContain('没有2030年度的报告');
	// What was asked is said as text an image can hold: a NUL is no 500.
	for (const ext of ['svg', 'png']) expect((await request.get(`/charts/overview-trend.${ext}?year=%00&region=%00`)).status()).toBe(200);
	const fine = await (await request.get(`/charts/compare-ranking.svg?region=${encodeURIComponent('吉林省')}&year=2025`)).text();
	expect(fine).not.toContain('没有');
});

test('「＋ 选择」 on the comparison keeps the page where it was: no reload, no jump to the top', async ({ page }) => {
	await page.goto(`/compare?region=${encodeURIComponent('示例省')}`);
	await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
	await page.evaluate(() => ((window as unknown as { __kept?: boolean }).__kept = true));
	const pick = page.getByRole('link', { name: '＋ 选择' }).last();
	await pick.scrollIntoViewIfNeeded();
	const before = await page.evaluate(() => window.scrollY);
	expect(before).toBeGreaterThan(0);
	await pick.click();
	await expect(page.getByRole('link', { name: '✓ 已选' })).toHaveCount(1);
	expect(await page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)).toBe(true);
	// Not back at the top: the row picked is still where the reader is looking.
	expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
	await expect(page.getByRole('link', { name: '✓ 已选' })).toBeInViewport();
});

test('a ranking of townships names those whose report is missing, not leaves them out', async ({ request, page }) => {
	const q = `region=${encodeURIComponent('福建省')}&year=2024&level=township`;
	const svg = await (await request.get(`/charts/compare-ranking.svg?${q}`)).text();
	expect(svg).toMatch(/缺报（未报送本年度报告，不在图中）：[^<]*海坛片区管理局/);
	await page.goto(`/compare?${q}`);
	await expect(page.getByText(/缺报（未报送本年度报告，不在图中）：.*海坛片区管理局/).first()).toBeVisible();
});
