import { describe, expect, it } from 'vitest';
import { renderPng, renderSvg, cjkFont } from './render.js';
import { exportOption, outcomeBars } from '../../charts/options.js';

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
});
