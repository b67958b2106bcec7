import { describe, expect, it } from 'vitest';
import { applicantHeader, applicationRows, nestedHeader, proactiveBlocks, proactiveWidth, reviewHeader } from './printed.js';
import { applicationRowsOf } from './template.js';

const cells = (rows: { label: string; colspan: number; rowspan: number }[][]) => rows.map((r) => r.map((h) => `${h.label}:${h.colspan}x${h.rowspan}`));

describe('the tables as the template prints them', () => {
	it('a nested header: a parent over its children, a label without children spanning down', () => {
		expect(cells(nestedHeader(['甲', '乙 / 子1', '乙 / 子2', '丙']))).toEqual([
			['甲:1x2', '乙:2x1', '丙:1x2'],
			['子1:1x1', '子2:1x1']
		]);
		expect(cells(nestedHeader(['甲', '乙'], 5))).toEqual([['甲:5x1', '乙:5x1']]);
	});

	it('Table 3: the applicant columns under 法人或其他组织, every row with its group heading, in the template’s order', () => {
		expect(cells(applicantHeader())).toEqual([
			['自然人:1x2', '法人或其他组织:5x1', '总计:1x2'],
			['商业企业:1x1', '科研机构:1x1', '社会公益组织:1x1', '法律服务机构:1x1', '其他:1x1']
		]);
		const rows = applicationRows('2021');
		expect(rows.map((r) => r.def.key)).toEqual(applicationRowsOf('2021').map((r) => r.key));
		// The headings in reading order: 8.属于行政查询事项 is followed by （四）无法提供, then its 1.
		const headings = rows.flatMap((r) => r.heads.map((h) => h.label));
		const at = (label: string) => headings.indexOf(label);
		expect(at('（三）不予公开')).toBe(at('1.属于国家秘密') - 1);
		expect(at('（四）无法提供')).toBe(at('8.属于行政查询事项') + 1);
		expect(at('1.本机关不掌握相关政府信息')).toBe(at('（四）无法提供') + 1);
		expect(['（五）不予处理', '（六）其他处理', '三、本年度办理结果'].every((h) => at(h) >= 0)).toBe(true);
		// Every row fills the three heading columns (a rowspan above counts for the rows below it).
		const covered = rows.map(() => 0);
		rows.forEach((r, i) => r.heads.forEach((h) => Array.from({ length: h.rowspan }, (_, k) => (covered[i + k] += h.colspan))));
		expect(covered.every((n) => n === 3)).toBe(true);
		const heads = (key: string) => rows.find((r) => r.def.key === key)!.heads.map((h) => `${h.label}:${h.colspan}x${h.rowspan}`);
		expect(heads('granted')).toEqual(['三、本年度办理结果:1x22', '（一）予以公开:2x1']);
		expect(heads('other.no_correction')).toEqual(['（六）其他处理:1x3', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请:1x1']);
		expect(rows.find((r) => r.def.key === 'denied.query_matter')!.path).toEqual(['三、本年度办理结果', '（三）不予公开', '8.属于行政查询事项']);
	});

	it('the 2019 template’s （六）其他处理 is one row, printed as its heading', () => {
		const other = applicationRows('2019').find((r) => r.def.key === 'other.other')!;
		expect(other.heads).toEqual([{ label: '（六）其他处理', colspan: 2, rowspan: 1 }]);
	});

	it('Table 4: 行政复议 beside 行政诉讼’s two kinds, five measures under each', () => {
		const [top, kinds, measures] = cells(reviewHeader());
		expect(top).toEqual(['行政复议:5x2', '行政诉讼:10x1']);
		expect(kinds).toEqual(['未经复议直接起诉:5x1', '复议后起诉:5x1']);
		expect(measures).toHaveLength(15);
		expect(measures.slice(0, 5)).toEqual(['结果维持:1x1', '结果纠正:1x1', '其他结果:1x1', '尚未审结:1x1', '总计:1x1']);
	});

	it('Table 2: items in blocks under their article, as wide as the widest block', () => {
		expect(proactiveBlocks('2021').map((b) => [b.article, b.items.map((i) => i.key)])).toEqual([
			['第二十条第（一）项', ['regulations', 'normative_documents']],
			['第二十条第（五）项', ['licensing']],
			['第二十条第（六）项', ['penalty', 'coercion']],
			['第二十条第（八）项', ['fees']]
		]);
		expect(proactiveWidth('2021')).toBe(4);
		expect(proactiveBlocks('2019').map((b) => b.items.length)).toEqual([2, 2, 2, 1, 1]);
	});
});
