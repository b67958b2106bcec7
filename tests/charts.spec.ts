/**
 * Charts by their definitions: every definition served as an image and its data, the server's
 * PNG drawn as the browser draws the server's SVG, 暂无数据 where there is nothing to draw, and
 * the heatmap's scale in its legend with every row labelled.
 */
import { expect, test, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { createCanvas, Image } from '@napi-rs/canvas';

const REGION = encodeURIComponent('示例省');
/** Agency 100001: generated, with reports over several years (see dashboard.spec.ts). */
const QUERY = `?region=${REGION}&year=2024&metric=disclosure_rate&agency=100001`;

/** Every chart definition, from its file: a file left out of charts/defs/index.ts is a chart not served. */
const DEFINED = readdirSync('src/lib/charts/defs')
	.filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'))
	.map((f) => f.replace(/\.ts$/, ''));

function pngSize(b: Buffer) {
	expect(b.subarray(1, 4).toString()).toBe('PNG');
	return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

test('every chart definition is served as SVG, PNG and CSV', async ({ request }) => {
	expect(DEFINED.length).toBeGreaterThanOrEqual(10);
	for (const name of DEFINED) {
		const svg = await request.get(`/charts/${name}.svg${QUERY}`);
		expect(svg.status(), name).toBe(200);
		expect(svg.headers()['content-type']).toBe('image/svg+xml');
		const text = await svg.text();
		expect(text.startsWith('<svg'), name).toBe(true);
		expect(text, name).toContain('数据来源');
		const height = Number(/height="(\d+)"/.exec(text)![1]);
		const png = await request.get(`/charts/${name}.png${QUERY}`);
		expect(png.headers()['content-type']).toBe('image/png');
		expect(decodeURIComponent(png.headers()['content-disposition']), name).toMatch(/\.png$/);
		// The same image at twice the pixels.
		expect(pngSize(await png.body()), name).toEqual({ width: 1800, height: height * 2 });
		const csv = await request.get(`/charts/${name}.csv${QUERY}`);
		expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
		expect((await csv.text()).startsWith('\ufeff'), name).toBe(true);
	}
});

test('the agency trend by URL: needs agency=ID, 404 for an agency that is not there', async ({ request }) => {
	const png = await request.get('/charts/agency-trend.png?agency=100001');
	expect(png.status()).toBe(200);
	expect(decodeURIComponent(png.headers()['content-disposition'])).toMatch(/''.+-历年申请量与公开率\.png$/);
	expect((await request.get('/charts/agency-trend.svg')).status()).toBe(400);
	expect((await request.get('/charts/agency-trend.svg?agency=abc')).status()).toBe(400);
	expect((await request.get('/charts/agency-trend.svg?agency=999999')).status()).toBe(404);
});

/** Grey levels averaged over 16 × 16 pixel blocks: the drawing, without the rasterizers' anti-aliasing. */
function blocks(png: Buffer, n = 16): { values: Float64Array; width: number } {
	const image = new Image();
	image.src = png;
	const g = createCanvas(image.width, image.height).getContext('2d');
	g.fillStyle = '#ffffff';
	g.fillRect(0, 0, image.width, image.height);
	g.drawImage(image, 0, 0);
	const { data } = g.getImageData(0, 0, image.width, image.height);
	const width = Math.floor(image.width / n);
	const values = new Float64Array(width * Math.floor(image.height / n));
	for (let y = 0; y < Math.floor(image.height / n) * n; y++)
		for (let x = 0; x < width * n; x++) {
			const i = (y * image.width + x) * 4;
			values[Math.floor(y / n) * width + Math.floor(x / n)] += (data[i] + data[i + 1] + data[i + 2]) / 3 / (n * n);
		}
	return { values, width };
}

test('the server’s PNG is what the browser draws of the server’s SVG: labels in their halo, at their height', async ({ browser, request }) => {
	const page = await browser.newPage({ deviceScaleFactor: 2 });
	for (const name of ['compare-ranking', 'compare-heatmap', 'overview-trend']) {
		const svg = await (await request.get(`/charts/${name}.svg${QUERY}`)).text();
		const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
		await page.setViewportSize({ width: w, height: h });
		await page.setContent(`<!doctype html><body style="margin:0;background:#fff">${svg}</body>`);
		const drawn = blocks(await page.screenshot());
		const served = blocks(await (await request.get(`/charts/${name}.png${QUERY}`)).body());
		expect(served.values.length).toBe(drawn.values.length);
		// Measured: at most 38 grey levels apart in any block (glyphs' edges); a label hidden by its
		// halo or drawn half a line too high puts a block 70 and more apart.
		let worst = 0;
		for (let i = 0; i < drawn.values.length; i++) worst = Math.max(worst, Math.abs(drawn.values[i] - served.values[i]));
		expect(worst, name).toBeLessThan(55);
	}
	await page.close();
});

async function chartsSettled(page: Page) {
	for (const c of await page.locator('[data-chart]').all()) await expect(c).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
}

test('a chart with nothing to draw says 暂无数据, on the page and in its image, and is not exported', async ({ page, request }) => {
	await page.goto(`/compare?region=${REGION}`);
	await chartsSettled(page);
	await expect(page.getByRole('button', { name: '导出全部' })).toBeVisible();
	await expect(page.locator('.export-all')).toContainText('本页 5 张图');
	// No agency of the region is a province: every chart of 对比 is empty.
	await page.getByLabel('级别').selectOption('province');
	await expect(page).toHaveURL(/level=province/);
	const charts = page.locator('[data-chart]');
	await expect(charts).toHaveCount(5);
	for (const c of await charts.all()) {
		await expect(c).toHaveAttribute('data-empty', 'true');
		await expect(c).toHaveAttribute('data-ready', 'true');
		await expect(c.getByText('暂无数据')).toBeVisible();
		await expect(c.locator('canvas')).toHaveCount(0);
	}
	await expect(page.getByRole('button', { name: '导出 PNG' })).toHaveCount(0);
	// Nothing drawn, nothing to export: no empty images and no header-only tables in 导出全部.
	await expect(page.getByRole('button', { name: '导出全部' })).toHaveCount(0);
	// Straight to the empty view (no client navigation) the same.
	await page.goto(`/compare?region=${REGION}&level=province`);
	await expect(page.locator('[data-chart][data-empty="true"]')).toHaveCount(5);
	await expect(page.getByRole('button', { name: '导出全部' })).toHaveCount(0);
	const svg = await (await request.get(`/charts/compare-ranking.svg?region=${REGION}&level=province`)).text();
	expect(svg).toContain('暂无数据');
	expect(svg).not.toContain('同级中位数');
	// And back: the charts are drawn again.
	await page.getByLabel('级别').selectOption('');
	await chartsSettled(page);
	await expect(page.locator('[data-chart][data-empty="true"]')).toHaveCount(0);
	await expect(page.locator('.export-all')).toContainText('本页 5 张图');
});

test('the heatmap’s colours are quantile classes, shown in its legend, and every row is labelled', async ({ page }) => {
	await page.goto(`/compare?region=${REGION}&year=2024&metric=new_received`);
	const heat = page.locator('[data-chart="compare-heatmap"]');
	await expect(heat).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
	const drawn = await heat.locator('.canvas').evaluate((el) => {
		type Chart = {
			getOption(): { visualMap: { type: string; pieces: { label: string }[] }[]; yAxis: { data: string[] }[]; series: { data: { value: number[] }[] }[] };
			getModel(): { getComponent(type: string, i: number): { axis: { getViewLabels(): unknown[] } } };
		};
		const c = (el as HTMLElement & { __echarts: Chart }).__echarts;
		const o = c.getOption();
		return {
			type: o.visualMap[0].type,
			legend: o.visualMap[0].pieces.map((p) => p.label),
			rows: o.yAxis[0].data.length,
			labelled: c.getModel().getComponent('yAxis', 0).axis.getViewLabels().length,
			values: o.series[0].data.map((d) => d.value[2]).filter((v) => v !== null)
		};
	});
	expect(drawn.type).toBe('piecewise');
	expect(drawn.legend.length).toBe(5);
	for (const label of drawn.legend) expect(label).toMatch(/^[\d,]+(–[\d,]+)?$/);
	expect(drawn.rows).toBeGreaterThan(20);
	expect(drawn.labelled).toBe(drawn.rows);
	// Each class holds about a fifth of the cells: one outlier does not pale the rest.
	const top = Number(drawn.legend[4].split('–')[0].replace(/,/g, ''));
	const inTop = drawn.values.filter((v) => v >= top).length;
	expect(inTop / drawn.values.length).toBeGreaterThan(0.1);
	expect(inTop / drawn.values.length).toBeLessThan(0.3);
	await expect(heat.locator('.notes')).toContainText('分位数');
});
