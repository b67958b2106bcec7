import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';

const REGION = '示例省/示例市';
const URL_ = `/compare?metric=disclosure_rate&year=2024&region=${encodeURIComponent(REGION)}`;

function pngSize(b: Buffer) {
	expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
	return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

test.describe('chart export', () => {
	test.beforeEach(async ({ page }) => {
		await page.goto(URL_);
		await expect(page.locator('[data-chart="compare-ranking"]')).toHaveAttribute('data-ready', 'true');
	});

	test('导出 PNG: a PNG named for the chart and filters, at twice the chart’s size', async ({ page }) => {
		const chart = page.locator('[data-chart="compare-ranking"]');
		const [download] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: '导出 PNG' }).click()]);
		expect(download.suggestedFilename()).toBe('2024年-示例市-各单位公开率.png');
		const { width, height } = pngSize(await readFile((await download.path())!));
		const box = (await chart.locator('.canvas').boundingBox())!;
		expect(width).toBe(Math.round(box.width) * 2);
		// The title and filters are drawn above the plot, its notes (a line each) and the source line below.
		const notes = await chart.locator('.notes li').count();
		expect(notes).toBeGreaterThan(0);
		expect(height).toBe((Math.round(box.height) + 92 + 18 * notes) * 2);
	});

	test('导出 SVG: an SVG with the title, the filters and the source line', async ({ page }) => {
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.locator('[data-chart="compare-ranking"]').getByRole('button', { name: '导出 SVG' }).click()
		]);
		expect(download.suggestedFilename()).toBe('2024年-示例市-各单位公开率.svg');
		const svg = await readFile((await download.path())!, 'utf8');
		expect(svg.startsWith('<svg')).toBe(true);
		for (const text of ['各单位公开率', '2024年 · 示例省/示例市', '数据来源：nianbao 生成的示例数据']) expect(svg).toContain(text);
	});

	test('导出 CSV: UTF-8 with BOM, its rows the chart’s data', async ({ page }) => {
		const chart = page.locator('[data-chart="compare-ranking"]');
		const [download] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: '导出 CSV' }).click()]);
		expect(download.suggestedFilename()).toBe('2024年-示例市-各单位公开率.csv');
		const bytes = await readFile((await download.path())!);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
		expect(lines[0]).toBe('单位,公开率,基数');
		const drawn = await chart.locator('.canvas').evaluate((el) => {
			const c = (el as HTMLElement & { __echarts: { getOption(): { yAxis: { data: string[] }[] } } }).__echarts;
			return c.getOption().yAxis[0].data;
		});
		expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(drawn);
	});
});

test('the same charts by URL, rendered on the server', async ({ request }) => {
	const q = `?metric=disclosure_rate&year=2024&region=${encodeURIComponent(REGION)}`;
	const png = await request.get(`/charts/compare-ranking.png${q}`);
	expect(png.headers()['content-type']).toBe('image/png');
	expect(decodeURIComponent(png.headers()['content-disposition'])).toContain('2024年-示例市-各单位公开率.png');
	const svgOfRanking = await (await request.get(`/charts/compare-ranking.svg${q}`)).text();
	// 级别 全部: the median of every level together, said so; one level: the peers' median.
	expect(svgOfRanking).toContain('全部单位中位数');
	expect(svgOfRanking).not.toContain('同级中位数');
	expect(await (await request.get(`/charts/compare-ranking.svg${q}&level=township`)).text()).toContain('同级中位数');
	expect(svgOfRanking).toContain('前50');
	expect(pngSize(await png.body())).toEqual({ width: 1800, height: 2 * Number(/height="(\d+)"/.exec(svgOfRanking)![1]) });
	const svg = await (await request.get(`/charts/overview-trend.svg${q}`)).text();
	expect(svg).toContain('历年申请量与公开率');
	const csv = await (await request.get(`/charts/compare-ranking.csv${q}`)).text();
	expect(csv.split('\r\n')[0]).toBe('\ufeff单位,公开率,基数');
	expect((await request.get('/charts/nothing.png')).status()).toBe(404);
});

test('导出全部: a zip of every chart of the page as PNG and its data as CSV', async ({ page }) => {
	await page.goto(URL_);
	for (const c of await page.locator('[data-chart]').all()) await expect(c).toHaveAttribute('data-ready', 'true');
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出全部' }).click()]);
	expect(download.suggestedFilename()).toBe('2024年-示例市-对比.zip');
	const { unzipSync } = await import('fflate');
	const files = Object.keys(unzipSync(new Uint8Array(await readFile((await download.path())!)))).sort();
	// Five charts (image and data) and the table of agencies (data).
	expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(5);
	expect(files.filter((f) => f.endsWith('.csv'))).toHaveLength(6);
	expect(files).toContain('2024年-示例市-各单位公开率.png');
	expect(files).toContain('2024年-示例市-单位列表.csv');
});

test('导出 Excel on a report: one sheet per table and the findings', async ({ page }) => {
	await page.goto('/reports/12024');
	await page.waitForSelector('html[data-hydrated]', { state: 'attached' }); // the button works once the page's scripts run
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
	expect(download.suggestedFilename()).toBe('2024年-吉林省白城市大安市叉干镇综合服务中心-年度报告数据.xlsx');
	const { unzipSync, strFromU8 } = await import('fflate');
	const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
	const workbook = strFromU8(files['xl/workbook.xml']);
	for (const name of ['表二 主动公开', '表三 申请办理', '表四 复议诉讼', '发现的问题']) expect(workbook).toContain(`name="${name}"`);
	expect(strFromU8(files['xl/worksheets/sheet4.xml'])).toContain('（七）总计整行为空');
	// Each sheet: a bold header row that stays while the rest scrolls, columns as wide as their text.
	for (const n of [1, 2, 3, 4]) {
		const sheet = strFromU8(files[`xl/worksheets/sheet${n}.xml`]);
		expect(sheet).toContain('state="frozen"');
		expect(sheet).toMatch(/<cols><col min="1" max="1" width="\d+" customWidth="1"\/>/);
		expect(sheet).toMatch(/<c r="A1" s="1"|<c r="B1" s="1"/);
	}
	// Table 3's rows with their groups; its longest label wraps in its column rather than being cut.
	const t3 = strFromU8(files['xl/worksheets/sheet2.xml']);
	expect(t3).toContain('<t xml:space="preserve">三、本年度办理结果 （四）无法提供</t>');
	expect(t3).toMatch(/s="2" t="inlineStr"><is><t xml:space="preserve">2\.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请<\/t>/);
});

test('printing a page gives A4 pages with the page’s own content only', async ({ page }) => {
	await page.goto('/');
	for (const c of await page.locator('[data-chart]').all()) await expect(c).toHaveAttribute('data-ready', 'true');
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: '主导航' })).toBeHidden();
	await expect(page.getByRole('button', { name: '导出 PNG' }).first()).toBeHidden();
	const pdf = await page.pdf({ preferCSSPageSize: true });
	expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
	// A4 is 595 × 842 points (Chromium writes 594.96 × 841.92).
	expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]/);
});

test('导出 CSV on a table: its rows as drawn', async ({ page }) => {
	await page.goto(`/anomalies?year=2024&region=${encodeURIComponent(REGION)}`);
	const table = page.getByRole('table', { name: '问题列表' });
	const button = table.locator('xpath=preceding-sibling::button[1]');
	await expect(button).toHaveAccessibleName('导出 CSV');
	const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
	expect(download.suggestedFilename()).toBe('2024年-示例市-问题列表.csv');
	const lines = (await readFile((await download.path())!, 'utf8'))
		.replace(/^\ufeff/, '')
		.trim()
		.split('\r\n');
	expect(lines[0]).toBe('程度,单位,规则,说明,状态');
	expect(lines.length - 1).toBe(await table.locator('tbody tr').count());
	const first = (await table.locator('tbody tr').first().locator('td').allTextContents()).map((t) => t.trim());
	expect(lines[1].startsWith(`${first[0]},${first[1]},${first[2]}`)).toBe(true);
});
