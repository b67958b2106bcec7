import { expect, test, type Page } from '@playwright/test';
import { applicationRows, reviewHeader } from '../src/lib/report/printed';
import { APPLICATIONS_CORNER, APPLICANTS_HEADING, PROACTIVE_ITEM_HEADING } from '../src/lib/report/template';

const table3 = (page: Page) => page.getByRole('table', { name: '表三 收到和处理政府信息公开申请情况' });

for (const [id, template] of [
	[42024, '2021'],
	[42019, '2019']
] as const) {
	test(`report ${id}: Table 3 has the ${template} template’s group rows and headers, in its order`, async ({ page }) => {
		await page.goto(`/reports/${id}`);
		const t3 = table3(page);
		// Every heading beside the numbers, in reading order, as the template prints them.
		const headings = await t3.locator('tbody th').allTextContents();
		expect(headings).toEqual(applicationRows(template).flatMap((r) => r.heads.map((h) => h.label)));
		expect(headings).toContain('三、本年度办理结果');
		const at = (label: string) => headings.indexOf(label);
		expect(at('（四）无法提供')).toBe(at('8.属于行政查询事项') + 1);
		await expect(t3.locator('thead')).toContainText(APPLICATIONS_CORNER);
		await expect(t3.locator('thead th').first()).toHaveText(APPLICANTS_HEADING);
		await expect(t3.locator('thead th', { hasText: '法人或其他组织' })).toHaveAttribute('colspan', '5');
		// Each body row: its headings and the seven applicant columns.
		for (const key of ['granted', 'denied.state_secret', 'denied.law_prohibited', 'carried_forward'])
			await expect(t3.locator(`tr[data-row="${key}"] td`)).toHaveCount(7);
		// Table 4 and Table 2 likewise; no header cell anywhere is empty.
		const t4 = page.getByRole('table', { name: '表四 政府信息公开行政复议、行政诉讼情况' });
		expect(await t4.locator('thead tr').count()).toBe(reviewHeader().length);
		await expect(t4.locator('thead th', { hasText: '行政复议' })).toHaveAttribute('rowspan', '2');
		await expect(page.getByRole('table', { name: '表二 主动公开政府信息情况' }).locator('th', { hasText: PROACTIVE_ITEM_HEADING }).first()).toBeVisible();
		for (const th of await page.locator('table.report th').all()) expect((await th.textContent())!.trim()).not.toBe('');
	});
}

test('on a phone the page keeps to the screen: the tables scroll in their own boxes, headings stay readable', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	for (const url of [
		'/reports/42024',
		'/reports/12024',
		'/agencies/4',
		'/missing?region=' + encodeURIComponent('福建省') + '&all=1',
		'/search?q=' + encodeURIComponent('依申请')
	]) {
		await page.goto(url);
		await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
		const { scroll, viewport } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
		expect(scroll, url).toBeLessThanOrEqual(viewport);
	}
	await page.goto('/reports/42024');
	const box = page.getByRole('region', { name: /表三 收到和处理政府信息公开申请情况/ });
	const { inner, outer } = await box.evaluate((e) => ({ inner: e.scrollWidth, outer: e.clientWidth }));
	expect(inner).toBeGreaterThan(outer);
	// No heading is squeezed to a character per line: each is at least two characters wide.
	const narrow = await page.evaluate(() =>
		[...document.querySelectorAll('table.report th, header.site a, h1')]
			.filter((e) => e.getBoundingClientRect().width < 2 * parseFloat(getComputedStyle(e).fontSize))
			.map((e) => e.textContent)
	);
	expect(narrow).toEqual([]);
	// The box takes the keyboard, so that it can be scrolled without a mouse.
	await box.focus();
	await page.keyboard.press('ArrowRight');
	await expect.poll(() => box.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
});
