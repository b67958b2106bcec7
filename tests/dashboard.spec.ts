import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** Console errors and page errors, collected while a test runs. */
function watch(page: Page) {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	page.on('pageerror', (e) => errors.push(e.message));
	return errors;
}

async function chartsReady(page: Page) {
	const charts = page.locator('[data-chart]');
	const n = await charts.count();
	for (let i = 0; i < n; i++) await expect(charts.nth(i)).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
	return n;
}

const PAGES: [string, number][] = [
	['/', 3],
	['/compare', 5],
	['/anomalies', 1],
	['/missing', 0],
	['/reports', 0],
	['/agencies/100001', 1],
	['/reports/12024', 0],
	['/search?q=公安局', 0]
];

for (const [url, charts] of PAGES) {
	test(`${url} loads without console errors and draws its charts`, async ({ page }) => {
		const errors = watch(page);
		const res = await page.goto(url);
		expect(res?.status()).toBe(200);
		expect(await chartsReady(page)).toBe(charts);
		expect(errors).toEqual([]);
	});
}

test('a click on a ranking bar opens that agency', async ({ page }) => {
	await page.goto(`/compare?region=${encodeURIComponent('示例省')}&metric=new_received`);
	await chartsReady(page);
	const canvas = page.locator('[data-chart="compare-ranking"] .canvas');
	const { x, y, name } = await canvas.evaluate((el) => {
		const chart = (
			el as HTMLElement & {
				__echarts: { getOption(): { series: { data: { value: number; name: string }[] }[] }; convertToPixel(f: object, v: [number, number]): [number, number] };
			}
		).__echarts;
		const first = chart.getOption().series[0].data[0];
		const [px, py] = chart.convertToPixel({ seriesIndex: 0 }, [first.value / 2, 0]);
		return { x: px, y: py, name: first.name };
	});
	const box = (await canvas.boundingBox())!;
	await page.mouse.click(box.x + x, box.y + y);
	await expect(page).toHaveURL(/\/agencies\/\d+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
});

test('an agency’s peers each show their latest 新收申请 with the year it is of, and lead to their page', async ({ page }) => {
	await page.goto('/agencies/5'); // 平潭综合实验区财政金融局: the zone's other departments
	const peers = page.locator('ul.peers > li');
	await expect(peers.first()).toBeVisible();
	expect(await peers.count()).toBeGreaterThan(1);
	await expect(peers.first()).toContainText(/\d[\d,]*件（\d{4}年度）|—/);
	expect(await peers.filter({ hasText: /件（\d{4}年度）/ }).count()).toBeGreaterThan(0);
	const name = (await peers.first().getByRole('link').textContent())!;
	await peers.first().getByRole('link').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
});

test('an anomaly link opens the report with the cell marked', async ({ page }) => {
	await page.goto(`/anomalies?region=${encodeURIComponent('示例省')}&rule=blank_required`);
	const link = page.getByRole('table', { name: '问题列表' }).getByRole('link', { name: /为空/ }).first();
	await link.click();
	await expect(page).toHaveURL(/\/reports\/\d+\?rule=blank_required#cell-/);
	const id = new URL(page.url()).hash.slice(1);
	const cell = page.locator(`#${id}`);
	await expect(cell).toHaveAttribute('data-finding', /blank_required/);
	await expect(cell).toHaveAttribute('title', /为空/);
});

test('the 缺报 matrix shows a missing generated report', async ({ page }) => {
	const truth = JSON.parse(readFileSync('data/reports/generated/truth.json', 'utf8')) as {
		anomalies: { agency_id: number; agency: string; year: number; kind: string }[];
	};
	const missing = truth.anomalies.find((a) => a.kind === 'missing_report')!;
	await page.goto(`/missing?region=${encodeURIComponent('示例省')}&year=${missing.year}`);
	const row = page
		.getByRole('table', { name: '缺报矩阵' })
		.getByRole('row')
		.filter({ has: page.getByRole('link', { name: missing.agency, exact: true }) });
	const years = await page.getByRole('table', { name: '缺报矩阵' }).locator('thead th').allTextContents();
	const cell = row.getByRole('cell').nth(years.indexOf(String(missing.year)));
	await expect(cell).toHaveAttribute('data-status', 'missing');
	await expect(cell).toHaveText('缺');
});

test('a report whose source carries <script> and onerror runs neither', async ({ page }) => {
	const dialogs: string[] = [];
	page.on('dialog', (d) => (dialogs.push(d.message()), d.dismiss()));
	await page.goto('/search?q=恶意脚本');
	await page.getByRole('link', { name: '测试县恶意脚本镇人民政府', exact: true }).click();
	await page.getByRole('link', { name: /查看/ }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('测试县恶意脚本镇人民政府');
	// The words are shown as words…
	await expect(page.getByText('正文里写着 <script>alert(1)</script>')).toBeVisible();
	await page.locator('td').first().hover();
	// …and nothing of the source ran.
	expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
	expect(dialogs).toEqual([]);
	expect(await page.locator('main script, main img').count()).toBe(0);
	// The original file downloads as an attachment; it is never rendered here.
	const res = await page.request.get(page.url() + '/source/0');
	expect(res.headers()['content-disposition']).toMatch(/^attachment/);
	expect(res.headers()['content-type']).toBe('application/octet-stream');
});

test('filters survive a reload (they are the URL)', async ({ page }) => {
	const url = '/compare?region=' + encodeURIComponent('示例省/示例市/东湖区') + '&year=2022&level=department&metric=disclosure_rate';
	await page.goto(url);
	await page.reload();
	await expect(page.locator('select[name="region"]')).toHaveValue('示例省/示例市/东湖区');
	await expect(page.locator('select[name="year"]')).toHaveValue('2022');
	await expect(page.locator('select[name="level"]')).toHaveValue('department');
	await expect(page.locator('select[name="metric"]')).toHaveValue('disclosure_rate');
	await expect(page.locator('[data-chart="compare-ranking"] figcaption')).toContainText('各单位公开率');
	await expect(page.getByRole('table', { name: '单位列表' }).getByRole('row')).not.toHaveCount(1);
});

test('changing a filter changes the URL, by keyboard too', async ({ page }) => {
	await page.goto(`/?region=${encodeURIComponent('示例省')}`);
	await page.waitForSelector('html[data-hydrated]', { state: 'attached' }); // a change applies at once only once the scripts run
	const region = page.locator('select[name="region"]');
	for (let i = 0; i < 20 && !(await region.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
	await expect(region).toBeFocused();
	// On to the year, and down a year, with keys only.
	const year = page.locator('select[name="year"]');
	await page.keyboard.press('Tab');
	await expect(year).toBeFocused();
	const before = Number(await year.inputValue());
	await page.keyboard.press('ArrowDown');
	await expect(page).toHaveURL(new RegExp(`year=${before - 1}`));
	await expect(page.getByRole('heading', { level: 1 })).toContainText(`${before - 1}年度`);
});

test('works on a narrow screen', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/');
	await chartsReady(page);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(1);
});
