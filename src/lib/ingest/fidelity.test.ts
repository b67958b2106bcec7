/**
 * Fidelity defects found in what readers made of real-looking files, each pinned by a test:
 * a `>` inside a quoted HTML attribute, Word's non-breaking hyphen, and a title broken over two
 * lines after a stray line.
 */
import { describe, expect, it } from 'vitest';
import { readHtml } from './readers/html.js';
import { parseDocumentXml } from './readers/docx.js';
import { parseBytes } from './parse.js';

const enc = (s: string) => new TextEncoder().encode(s);
const cells = (doc: { blocks: { kind: string; rows?: { text: string }[][] }[] }) => doc.blocks.flatMap((b) => (b.rows ?? []).map((r) => r.map((c) => c.text)));

describe('HTML: a > inside a quoted attribute does not end the tag', () => {
	it('<td title="a>b">5</td> is a cell of 5', () => {
		const doc = readHtml(enc('<table><tr><td title="a>b">5</td><td class=\'x>y\' data-n = "1>0">7</td><td>9</td></tr></table>'), 'a.html');
		expect(cells(doc)).toEqual([['5', '7', '9']]);
	});

	it('a quote in text or an unquoted attribute changes nothing', () => {
		const doc = readHtml(enc('<p>他说"好"</p><table><tr><td width=50>1</td><td>2"</td></tr></table><p>完</p>'), 'a.html');
		expect(doc.blocks).toEqual([
			{ kind: 'paragraph', text: '他说"好"' },
			{
				kind: 'table',
				rows: [
					[
						{ text: '1', rowSpan: 1, colSpan: 1 },
						{ text: '2"', rowSpan: 1, colSpan: 1 }
					]
				]
			},
			{ kind: 'paragraph', text: '完' }
		]);
	});
});

describe('.docx: w:noBreakHyphen is text', () => {
	it('12<w:noBreakHyphen/>3 reads 12‑3, not 123', () => {
		const xml =
			'<w:document><w:body><w:p><w:r><w:t>电话 0517</w:t></w:r><w:r><w:noBreakHyphen/><w:t>87290606</w:t></w:r></w:p>' +
			'<w:tbl><w:tr><w:tc><w:p><w:r><w:t>12</w:t><w:noBreakHyphen/><w:t>3</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>';
		const doc = parseDocumentXml(xml);
		expect(doc.blocks[0]).toEqual({ kind: 'paragraph', text: '电话 0517\u201187290606' });
		expect(cells(doc)).toEqual([['12\u20113']]);
	});
});

describe('a title broken over two lines after a stray line', () => {
	it('「正文」 / 「2025 年上海市人民政府办公厅政府信息公开」 / 「工作年度报告」 gives agency and year', async () => {
		const text = [
			'正文',
			'2025 年上海市人民政府办公厅政府信息公开',
			'工作年度报告',
			'一、总体情况',
			'2025年，市政府办公厅坚持以习近平新时代中国特色社会主义思想为指导。',
			'二、主动公开政府信息情况',
			'五、存在的主要问题及改进情况',
			'六、其他需要报告的事项',
			'无。'
		].join('\n');
		const r = await parseBytes(enc(text), 'shanghai.txt');
		expect([r.agency, r.year]).toEqual(['上海市人民政府办公厅', 2025]);
		expect(r.warnings.map((w) => w.code)).not.toContain('title_missing');
	});

	it('a body line that mentions 公开 and a year is not joined into a title with the line after it', async () => {
		const text = ['大安市叉干镇综合服务中心2024年政府信息公开工作年度报告', '一、总体情况', '2023年政府信息公开', '工作年度报告'].join('\n');
		const r = await parseBytes(enc(text), 'a.txt');
		expect([r.agency, r.year]).toEqual(['大安市叉干镇综合服务中心', 2024]);
	});
});
