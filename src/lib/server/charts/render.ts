/**
 * Charts rendered on the server: ECharts' SSR to an SVG string, and PNG from that SVG drawn by
 * Skia (@napi-rs/canvas) with a CJK font (Noto Sans CJK SC on these machines; NIANBAO_CJK_FONT
 * names another). Skia, not resvg: resvg read the 19 MB font collection once per text element
 * (2.7 s for a heatmap), Skia draws the same chart in about a tenth of that.
 *
 * Skia's SVG renderer ignores two things ECharts writes on its texts, so the SVG is rewritten
 * first into what Skia draws as a browser draws the original (`forSkia`).
 */
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, Image, type SKRSContext2D } from '@napi-rs/canvas';
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

let fonts: SKRSContext2D | null = null;

/** A context whose font metrics are Skia's: the CJK font registered once, with its bold face when there is one (titles are bold). */
function fontMetrics(): SKRSContext2D {
	if (!fonts) {
		const font = cjkFont();
		const bold = font?.replace('-Regular', '-Bold');
		if (font) GlobalFonts.registerFromPath(font, 'Noto Sans CJK SC');
		if (bold && bold !== font && existsSync(bold)) GlobalFonts.registerFromPath(bold, 'Noto Sans CJK SC');
		fonts = createCanvas(1, 1).getContext('2d');
	}
	return fonts;
}

const centralShifts = new Map<string, number>();

/** How far below a text's central baseline its alphabetic one lies, in this font: half its ascent less its descent (CSS's `central`). */
function centralShift(font: string): number {
	let shift = centralShifts.get(font);
	if (shift === undefined) {
		const g = fontMetrics();
		g.font = font;
		const m = g.measureText('国');
		shift = (m.fontBoundingBoxAscent - m.fontBoundingBoxDescent) / 2;
		centralShifts.set(font, shift);
	}
	return shift;
}

const attr = (tag: string, name: string) => new RegExp(` ${name}="([^"]*)"`).exec(tag)?.[1];

/**
 * `dominant-baseline="central"` (every ECharts text: centred on its y): Skia sets the alphabetic
 * baseline on y, so each text drew half a line too high. It is moved down by the shift its font
 * gives, measured as a browser measures it.
 */
function centralBaseline(svg: string): string {
	return svg.replace(/<text\b[^>]*? dominant-baseline="central"[^>]*>/g, (tag) => {
		const style = attr(tag, 'style') ?? '';
		const size = /font-size:\s*([\d.]+)px/.exec(style)?.[1] ?? '12';
		const family = /font-family:\s*([^;]+)/.exec(style)?.[1] ?? 'sans-serif';
		const y = Number(attr(tag, 'y') ?? 0) + centralShift(`${size}px ${family}`);
		return tag
			.replace(' dominant-baseline="central"', '')
			.replace(/ y="[^"]*"/, '')
			.replace(/^<text/, `<text y="${Math.round(y * 100) / 100}"`);
	});
}

/**
 * `paint-order="stroke"` (a label's white halo, ECharts' textBorder): Skia paints the stroke over
 * the glyphs and hides them. Each such text is written twice, the halo alone and then the glyphs
 * alone on top, which is what paint-order says.
 */
export function haloFirst(svg: string): string {
	return svg.replace(/<text([^>]*?) paint-order="stroke"([^>]*)>([\s\S]*?)<\/text>/g, (_, before: string, after: string, text: string) => {
		const attrs = before + after;
		const halo = `${attrs.replace(/ fill="[^"]*"/g, '')} fill="none"`;
		const glyphs = attrs.replace(/ stroke(-[a-z]+)?="[^"]*"/g, '');
		return `<text${halo}>${text}</text><text${glyphs}>${text}</text>`;
	});
}

/** The SVG as Skia must be given it to draw what a browser draws of the original. */
export function forSkia(svg: string): string {
	return haloFirst(centralBaseline(svg));
}

/** PNG of an SVG at `scale` times its size, on white, drawn as a browser draws the SVG. */
export function renderPng(svg: string, scale = 2): Uint8Array {
	fontMetrics();
	const image = new Image();
	image.src = Buffer.from(forSkia(svg));
	const width = Math.round(image.width * scale);
	const height = Math.round(image.height * scale);
	const canvas = createCanvas(width, height);
	const g = canvas.getContext('2d');
	g.fillStyle = '#ffffff';
	g.fillRect(0, 0, width, height);
	g.drawImage(image, 0, 0, width, height);
	return canvas.toBuffer('image/png');
}
