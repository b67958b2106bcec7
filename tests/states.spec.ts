import { expect, test, type Page } from '@playwright/test';

const matrix = (page: Page) => page.getByRole('table', { name: '缺报矩阵' });

test('缺报 agrees with itself: the summary counts the 缺 of the table, and every symbol is in the legend', async ({ page }) => {
	for (const region of ['福建省', '江苏省', '示例省']) {
		await page.goto(`/missing?region=${encodeURIComponent(region)}&all=1`);
		const summary = page.locator('[data-summary]');
		const missing = Number(await summary.locator('[data-missing]').getAttribute('data-missing'));
		await expect(summary).toContainText(`共缺报 ${missing} 份年度报告`);
		expect(await matrix(page).locator('td[data-status="missing"]').count(), region).toBe(missing);
		const withGaps = Number((await summary.textContent())!.match(/其中 (\d+) 个有缺报/)![1]);
		expect(
			await matrix(page)
				.locator('tbody tr')
				.filter({ has: page.locator('td[data-status="missing"]') })
				.count()
		).toBe(withGaps);
		// Every symbol the table uses is explained.
		const legend = (await page.getByLabel('图例').textContent())!;
		const symbols = new Set((await matrix(page).locator('td[data-status] .st').allTextContents()).map((t) => t.trim()));
		for (const sym of symbols) expect(legend, sym).toContain(sym);
	}
	// No agency of the scope misses a report (福建省 has none at the province's level): the table says so.
	await page.goto(`/missing?region=${encodeURIComponent('福建省')}&level=province`);
	await expect(page.locator('[data-summary]')).toContainText('其中 0 个有缺报，共缺报 0 份');
	await expect(matrix(page).locator('tbody tr')).toHaveCount(1);
	await expect(matrix(page).locator('tbody')).toHaveText('暂无数据：该范围内没有缺报的单位');
});

test('a table with nothing to show says 暂无数据, never a header alone', async ({ page }) => {
	for (const [url, name] of [
		['/missing?level=province', '缺报矩阵'],
		[`/compare?region=${encodeURIComponent('示例省')}&level=province`, '单位列表'],
		[`/reports?region=${encodeURIComponent('示例省')}&level=province`, '报告清单']
	]) {
		await page.goto(url);
		const rows = page.getByRole('table', { name }).locator('tbody tr');
		await expect(rows, url).toHaveCount(1);
		await expect(rows.first(), url).toContainText('暂无数据');
		// The row spans the whole table.
		const [span, columns] = await page
			.getByRole('table', { name })
			.evaluate((t: HTMLTableElement) => [Number(t.tBodies[0].rows[0].cells[0].colSpan), [...t.tHead!.rows[0].cells].reduce((n, c) => n + c.colSpan, 0)]);
		expect(span, url).toBe(columns);
	}
});

test('a page visited again (revalidated by its ETag: 304) keeps its styles and scripts', async ({ page }) => {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	for (const url of ['/reports/42024', '/missing', '/reports/42024']) {
		await page.goto(url);
		await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
		expect(await page.evaluate(() => getComputedStyle(document.body).margin), url).toBe('0px');
	}
	expect(errors).toEqual([]);
	// What the browser got the second time: a 304 that leaves the page's own CSP in place.
	const first = await page.request.get('/reports/42024');
	const again = await page.request.get('/reports/42024', { headers: { 'if-none-match': first.headers()['etag'] } });
	expect(again.status()).toBe(304);
	expect(again.headers()['content-security-policy']).toBeUndefined();
});
