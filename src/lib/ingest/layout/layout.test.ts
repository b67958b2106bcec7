/**
 * The layout on positioned text made by hand (as a PDF reader or an OCR engine gives it): rows,
 * columns, wrapped labels, stacked headers and paragraphs, each decided by a named tolerance.
 */
import { describe, expect, it } from 'vitest';
import { joinPages, layoutPage, layoutPageFlow, mergeTables, ProseStyle, TOLERANCES, type PositionedText } from './index.js';
import type { Block } from '../document.js';

const H = 10;
/** A piece of text of height H whose width is one H per character. */
const t = (text: string, x: number, y: number, h = H): PositionedText => ({ text, x, y, w: [...text].length * h, h });
const rows = (blocks: Block[]) => mergeTables(blocks).flatMap((b) => (b.kind === 'table' ? b.rows.map((r) => r.map((c) => c.text)) : []));
const paragraphs = (blocks: Block[]) => blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));

describe('layoutPage', () => {
	it('a row with a blank cell keeps the blank in its column (aligned to the fuller rows around it)', () => {
		const cols = [200, 250, 300, 350];
		const items = [
			t('一、本年新收', 50, 700),
			...cols.map((x, i) => t(String(i + 1), x, 700)),
			t('二、上年结转', 50, 680),
			t('5', cols[0], 680),
			t('7', cols[2], 680),
			t('9', cols[3], 680),
			t('四、结转下年度', 50, 660),
			...cols.map((x) => t('0', x, 660))
		];
		expect(rows(layoutPage(items))).toEqual([
			['一、本年新收', '1', '2', '3', '4'],
			['二、上年结转', '5', '', '7', '9'],
			['四、结转下年度', '0', '0', '0', '0']
		]);
	});

	it('a label wrapped above and below its values joins its row, in reading order', () => {
		const items = [t('（二）部分公开（区分处', 50, 706), t('12', 300, 700), t('3', 350, 700), t('理的，只计这一情形）', 50, 694)];
		expect(rows(layoutPage(items))).toEqual([['（二）部分公开（区分处理的，只计这一情形）', '12', '3']]);
	});

	it('a label line farther than the tolerance from any value row stays prose', () => {
		const far = TOLERANCES.wrappedLabel.maxDistance * H + 5;
		const blocks = layoutPage([t('12', 300, 700), t('3', 350, 700), t('一段说明文字', 50, 700 + far)]);
		expect(paragraphs(blocks)).toEqual(['一段说明文字']);
	});

	it('header labels stacked over two lines go back into their cells (商业 / 企业)', () => {
		const items = [t('自然人', 200, 700), t('商业', 260, 700), t('科研', 320, 700), t('企业', 260, 689), t('机构', 320, 689)];
		expect(rows(layoutPage(items))).toEqual([['自然人', '商业企业', '科研机构']]);
	});

	it('pieces closer than the segment gap are one cell; farther, two', () => {
		const near = TOLERANCES.segment.gap * H - 1;
		const far = TOLERANCES.segment.gap * H + 1;
		const one = layoutPage([t('法人或', 50, 700), t('其他组织', 50 + 30 + near, 700), t('7', 300, 700)]);
		const two = layoutPage([t('法人或', 50, 700), t('其他组织', 50 + 30 + far, 700), t('7', 300, 700)]);
		expect(rows(one)).toEqual([['法人或其他组织', '7']]);
		expect(rows(two)).toEqual([['法人或', '其他组织', '7']]);
	});

	it('prose: lines at the margin continue a paragraph, an indented or short line ends one; page numbers dropped', () => {
		const items = [
			t('一、总体情况', 50, 780),
			t('本年度，我单位认真贯彻落实政府信息公开条例，', 70, 760),
			t('推进政务公开工作，取得了较好的效果和反响呀。', 50, 745),
			t('- 4 -', 280, 40)
		];
		expect(paragraphs(layoutPage(items))).toEqual(['一、总体情况', '本年度，我单位认真贯彻落实政府信息公开条例，推进政务公开工作，取得了较好的效果和反响呀。']);
	});

	it("header lines in the table's smaller text just above its values are rows of the table; the heading above is not", () => {
		const prose = new ProseStyle();
		layoutPageFlow([t('本年度，我单位认真贯彻落实政府信息公开条例，推进政务公开工作。', 50, 780, 16)], prose);
		const page = layoutPageFlow(
			[
				t('三、收到和处理政府信息公开申请情况', 70, 780, 16),
				t('申请人情况', 300, 750),
				t('自然人', 200, 730),
				t('总计', 300, 730),
				t('本年新收', 50, 710),
				t('3', 200, 710),
				t('3', 300, 710)
			],
			prose
		);
		expect(paragraphs(page.blocks)).toEqual(['三、收到和处理政府信息公开申请情况']);
		expect(rows(page.blocks)).toEqual([['申请人情况'], ['自然人', '总计'], ['本年新收', '3', '3']]);
	});
});

describe('joinPages', () => {
	const line = (text: string, x: number, y: number) => t(text, x, y, 16);
	// Full lines run from 50 to 450 (25 characters of 16); a paragraph's first line is indented by two.
	const full = '一二三四五六七八九十一二三四五六七八九十一二三四五';
	/** The pages of one document, laid out with one prose style. */
	const pages = (...each: PositionedText[][]) => {
		const style = new ProseStyle();
		return joinPages(each.map((items) => layoutPageFlow(items, style)));
	};
	const opening = [line(full.slice(2), 82, 720), line(full, 50, 700)];

	it("a paragraph whose last line runs to the right edge goes on at the next page's first line, when that starts at the margin", () => {
		const blocks = pages([...opening, line(full, 50, 680)], [line('地方。主要表现在：' + full.slice(9), 50, 780), line('下一段。', 82, 760)]);
		expect(paragraphs(blocks)).toEqual([full.slice(2) + full + full + '地方。主要表现在：' + full.slice(9), '下一段。']);
	});

	it('a paragraph that ends short, or a next page that begins indented, is not joined', () => {
		expect(paragraphs(pages([...opening, line('完。', 50, 680)], [line(full, 50, 780)]))).toHaveLength(2);
		expect(paragraphs(pages([...opening, line(full, 50, 680)], [line(full.slice(2), 82, 780)]))).toHaveLength(2);
		// A page that ends in a table is not continued by the next page's prose.
		expect(pages([...opening, t('行政许可', 50, 600), t('12', 300, 600)], [line(full, 50, 780)]).map((b) => b.kind)).toEqual([
			'paragraph',
			'table',
			'paragraph'
		]);
	});
});
