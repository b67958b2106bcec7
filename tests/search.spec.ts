import { expect, test } from '@playwright/test';

test('an agency is found by its pinyin, full or initials, from the search box', async ({ page }) => {
	await page.goto('/');
	// Typed before the scripts run, the text would be reset by hydration and an empty query sent.
	await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
	await page.getByRole('searchbox', { name: '查找单位或报告正文' }).fill('huaian');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/search\?q=huaian$/);
	const agencies = page.getByRole('table', { name: /单位/ });
	await expect(agencies.getByRole('row')).toHaveCount(3);
	await expect(agencies.getByRole('row').nth(1)).toContainText('淮安市人民政府');
	await expect(agencies.getByRole('row').nth(1)).toContainText('拼音');
	await expect(agencies.getByRole('row').nth(2)).toContainText('淮安市洪泽区人民政府');
	// A pinyin query does not search the text, and says so.
	await expect(page.getByText('纯字母按拼音查找单位')).toBeVisible();
	await page.goto('/search?q=hzq');
	await expect(agencies.getByRole('row')).toHaveCount(2);
	await expect(agencies.getByRole('row').nth(1)).toContainText('淮安市洪泽区人民政府');
	await expect(agencies.getByRole('row').nth(1)).toContainText('拼音首字母');
	await agencies.getByRole('link', { name: '淮安市洪泽区人民政府' }).click();
	await expect(page).toHaveURL(/\/agencies\/3$/);
});

test('the reports’ text: each hit a passage with the words marked, leading to its report, in pages, a year or every year', async ({ page }) => {
	await page.goto('/search?q=' + encodeURIComponent('依申请'));
	await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
	const heading = page.getByRole('heading', { name: /报告正文（(\d{4}年度|各年度)，\d+ 处，\d+ 份报告）/ });
	const count = async () => Number((await heading.textContent())!.match(/，(\d+) 处/)![1]);
	// Every year unless one is chosen: a word is looked for wherever it is; a year one choice away.
	const year = page.locator('section[aria-labelledby="text-hits"]').getByLabel('年度');
	expect(await year.inputValue()).toBe('all');
	await expect(heading).toContainText('各年度');
	const total = await count();
	expect(total).toBeGreaterThan(20);
	const latest = (await year.locator('option').nth(1).getAttribute('value'))!;
	expect(latest).toMatch(/^\d{4}$/);
	await year.selectOption(latest);
	await expect(page).toHaveURL(new RegExp(`year=${latest}`));
	await expect(heading).toContainText(`${latest}年度`);
	expect(await count()).toBeLessThan(total);
	await year.selectOption('all');
	await expect(page).toHaveURL(/year=all/);
	const hits = page.locator('ol.passages > li');
	await expect(hits).toHaveCount(20);
	for (const mark of await page.locator('ol.passages mark').all()) await expect(mark).toHaveText('依申请');
	expect(await hits.filter({ has: page.locator('mark') }).count()).toBe(20);
	await page.getByRole('navigation', { name: '正文结果翻页' }).getByRole('link', { name: '下一页' }).click();
	await expect(page).toHaveURL(/year=all.*page=2|page=2.*year=all/);
	await expect(hits.first()).toBeVisible();
	const link = hits.first().getByRole('link').first();
	const href = await link.getAttribute('href');
	await link.click();
	await expect(page).toHaveURL(new RegExp(`${href}$`));
	// A year without text is said, and every year searched instead.
	await page.goto('/search?year=1999&q=' + encodeURIComponent('依申请'));
	await expect(page.getByRole('alert')).toHaveText('没有1999年度的报告正文，查找的是各年度');
	await expect(heading).toContainText('各年度');
	// A word only an earlier year's report has is found without choosing its year (叉干: 2024).
	await page.goto('/search?q=' + encodeURIComponent('叉干'));
	await expect(page.locator('ol.passages > li').first()).toContainText('2024年度报告');
	// Nothing found is said, not shown as an empty list.
	await page.goto('/search?year=all&q=' + encodeURIComponent('没有这样的词语'));
	await expect(page.getByText('暂无数据：各年度没有报告的正文含「没有这样的词语」')).toBeVisible();
});

test('a passage of a hostile report is shown as text: the words marked, nothing run', async ({ page }) => {
	const dialogs: string[] = [];
	page.on('dialog', (d) => (dialogs.push(d.message()), d.dismiss()));
	for (const q of ['正文里写着', '<img src=x onerror=alert(2)>']) {
		await page.goto('/search?year=all&q=' + encodeURIComponent(q));
		const hit = page.locator('ol.passages > li');
		await expect(hit).toHaveCount(1);
		await expect(hit).toContainText('测试县恶意脚本镇人民政府 2024年度报告');
		await expect(hit.locator('.passage')).toContainText('正文里写着 <script>alert(1)</script> 与 <img src=x onerror=alert(2)> 字样');
		await expect(hit.locator('mark')).toHaveText(q);
	}
	expect(await page.locator('main script, main img').count()).toBe(0);
	expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
	expect(dialogs).toEqual([]);
});
