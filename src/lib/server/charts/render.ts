/**
 * Charts rendered on the server: ECharts' SSR to an SVG string, and PNG from that SVG drawn by
 * Skia (@napi-rs/canvas) with a CJK font (Noto Sans CJK SC on these machines; NIANBAO_CJK_FONT
 * names another). Skia, not resvg: resvg read the 19 MB font collection once per text element
 * (2.7 s for a heatmap), Skia draws the same chart in about a tenth of that.
 */
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, Image } from '@napi-rs/canvas';
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

let fontRegistered = false;

/** PNG of an SVG at `scale` times its size, on white. */
export function renderPng(svg: string, scale = 2): Uint8Array {
	if (!fontRegistered) {
		const font = cjkFont();
		if (font) GlobalFonts.registerFromPath(font, 'Noto Sans CJK SC');
		fontRegistered = true;
	}
	const image = new Image();
	image.src = Buffer.from(svg);
	const width = Math.round(image.width * scale);
	const height = Math.round(image.height * scale);
	const canvas = createCanvas(width, height);
	const g = canvas.getContext('2d');
	g.fillStyle = '#ffffff';
	g.fillRect(0, 0, width, height);
	g.drawImage(image, 0, 0, width, height);
	return canvas.toBuffer('image/png');
}
