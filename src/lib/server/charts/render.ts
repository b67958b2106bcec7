/**
 * Charts rendered on the server: ECharts' SSR to an SVG string, and PNG from that SVG with
 * resvg and a CJK font (Noto Sans CJK SC on these machines; NIANBAO_CJK_FONT names another).
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { echarts, type EChartsCoreOption } from '../../charts/echarts.js';

const FONT_CANDIDATES = [
	process.env.NIANBAO_CJK_FONT,
	'/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
	'/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
	'/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc'
].filter((f): f is string => !!f);

export function cjkFont(): string | null {
	return FONT_CANDIDATES.find((f) => existsSync(f)) ?? null;
}

export function renderSvg(option: EChartsCoreOption, width: number, height: number): string {
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
	try {
		chart.setOption({ ...option, animation: false });
		return chart.renderToSVGString();
	} finally {
		chart.dispose();
	}
}

/** PNG at `scale` times the chart's size; `font: null` renders without any font (for tests). */
export function renderPng(svg: string, scale = 2, font: string | null = cjkFont()): Uint8Array {
	const resvg = new Resvg(svg, {
		fitTo: { mode: 'zoom', value: scale },
		background: '#ffffff',
		font: font
			? { loadSystemFonts: false, fontFiles: [font], defaultFontFamily: 'Noto Sans CJK SC', sansSerifFamily: 'Noto Sans CJK SC' }
			: { loadSystemFonts: false }
	});
	return resvg.render().asPng();
}
