import { describe, expect, it } from 'vitest';
import { createCanvas, Image } from '@napi-rs/canvas';
import { renderPng, renderSvg, cjkFont, haloFirst } from './render.js';
import { exportOption, outcomeBars } from '../../charts/options.js';

/** The RGBA pixels of a PNG. */
function pixels(png: Uint8Array): { data: Uint8ClampedArray; width: number; height: number } {
	const image = new Image();
	image.src = Buffer.from(png);
	const g = createCanvas(image.width, image.height).getContext('2d');
	g.drawImage(image, 0, 0);
	return { data: g.getImageData(0, 0, image.width, image.height).data, width: image.width, height: image.height };
}
const count = (png: Uint8Array, test: (r: number, g: number, b: number) => boolean) => {
	const { data } = pixels(png);
	let n = 0;
	for (let i = 0; i < data.length; i += 4) if (test(data[i], data[i + 1], data[i + 2])) n++;
	return n;
};

describe('server-side chart rendering', () => {
	const built = outcomeBars([
		{ group: 'granted', value: 12 },
		{ group: 'partially_granted', value: 3 },
		{ group: 'denied', value: 1 },
		{ group: 'unavailable', value: 5 },
		{ group: 'not_processed', value: 2 },
		{ group: 'other', value: 1 }
	]);
	const svg = renderSvg(exportOption(built.option, { title: '办理结果构成', subtitle: '2024年 · 示例省', source: '数据来源：测试' }), 600, 400);

	it('gives an SVG with the Chinese labels as text', () => {
		expect(svg.startsWith('<svg')).toBe(true);
		for (const t of ['办理结果构成', '予以公开', '无法提供', '数据来源：测试']) expect(svg).toContain(t);
	});

	it('gives a PNG at twice the size whose Chinese text is drawn', () => {
		expect(cjkFont()).not.toBeNull();
		const png = Buffer.from(renderPng(svg, 2));
		expect(png.subarray(1, 4).toString()).toBe('PNG');
		expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 800]);
		// Text is drawn: without its <text> elements the image is another one.
		const bare = Buffer.from(renderPng(svg.replace(/<text[\s\S]*?<\/text>/g, ''), 2));
		expect(png.equals(bare)).toBe(false);
	});

	it('draws Chinese with real glyphs: two different labels differ (a missing font draws the same box for both)', () => {
		const label = (t: string) => Buffer.from(renderPng(renderSvg(exportOption(built.option, { title: t, subtitle: '', source: '' }), 300, 120), 1));
		expect(label('年年年年').equals(label('报报报报'))).toBe(false);
	});

	it('keeps a label’s white halo under its glyphs, as a browser draws paint-order="stroke"', () => {
		// A black label in a white halo on a blue bar; nothing else is black or white.
		const option = {
			backgroundColor: '#1f6feb',
			xAxis: { show: false, max: 1 },
			yAxis: { show: false, type: 'category', data: ['a'] },
			grid: { left: 0, right: 0, top: 0, bottom: 0 },
			series: [
				{
					type: 'bar',
					data: [1],
					barWidth: '100%',
					itemStyle: { color: '#1f6feb' },
					label: { show: true, position: 'inside', formatter: '同级中位数', fontSize: 40, color: '#000000', textBorderColor: '#ffffff', textBorderWidth: 4 }
				}
			]
		};
		const svg = renderSvg(option, 400, 100);
		expect(svg).toContain('paint-order="stroke"');
		expect(haloFirst(svg)).not.toContain('paint-order');
		const png = renderPng(svg, 1);
		const black = count(png, (r, g, b) => r + g + b < 120);
		const white = count(png, (r, g, b) => r + g + b > 720);
		// Five glyphs of 40 px: hundreds of pixels of ink each, and a halo around them.
		expect(black).toBeGreaterThan(1000);
		expect(white).toBeGreaterThan(500);
	});

	it('centres a text on its y (dominant-baseline="central", which ECharts writes on every text)', () => {
		const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><text dominant-baseline="central" style="font-size:80px;font-family:'Noto Sans CJK SC', sans-serif;" transform="translate(20 100)" fill="#000">国</text></svg>`;
		const { data, width, height } = pixels(renderPng(svg, 1));
		const inked = [...Array(height).keys()].filter((y) => [...Array(width).keys()].some((x) => data[(y * width + x) * 4] < 128));
		const middle = (inked[0] + inked[inked.length - 1]) / 2;
		// Chromium draws this glyph's ink with its middle 0.075 em below y (measured: rows 114–201 at 100 px on y = 150); Skia alone drew it 0.44 em higher.
		expect(Math.abs(middle - (100 + 0.075 * 80))).toBeLessThan(3);
	});
});
