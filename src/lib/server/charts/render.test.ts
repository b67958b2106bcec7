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

	it('gives a PNG at twice the size whose Chinese text is drawn with the CJK font', () => {
		expect(cjkFont()).not.toBeNull();
		const withFont = Buffer.from(renderPng(svg, 2));
		const without = Buffer.from(renderPng(svg, 2, null));
		expect(withFont.readUInt32BE(16)).toBe(1200);
		expect(withFont.readUInt32BE(20)).toBe(800);
		// Without the font the text is not drawn at all: the images differ, and the one with text is larger.
		expect(withFont.equals(without)).toBe(false);
		expect(withFont.length).toBeGreaterThan(without.length + 2000);
	});
});
