import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { reportSheets } from './report-sheets.js';
import { writeXlsx } from './xlsx.js';

const cells = [
	{ table_key: 'applications', row_key: 'denied.state_secret', col_key: 'total', value: 4, raw: '4' },
	{ table_key: 'proactive', row_key: 'fees', col_key: 'amount_wan', value: null, raw: '=HYPERLINK("http://x")' }
];
const findings = [{ severity: '错误', rule: '勾稽关系', message: '+1 与表不符' }];

describe('a report’s Excel sheets', () => {
	const sheets = reportSheets('2021', cells, findings);
	const [t2, t3, t4, found] = sheets;

	it('name every Table 3 row with its group, as printed, and keep the values', () => {
		expect(t3.rows[0]).toEqual([
			'类别',
			'项目',
			'自然人',
			'法人或其他组织 / 商业企业',
			'法人或其他组织 / 科研机构',
			'法人或其他组织 / 社会公益组织',
			'法人或其他组织 / 法律服务机构',
			'法人或其他组织 / 其他',
			'总计'
		]);
		expect(t3.rows.find((r) => r[1] === '1.属于国家秘密')).toEqual([
			'三、本年度办理结果 （三）不予公开',
			'1.属于国家秘密',
			null,
			null,
			null,
			null,
			null,
			null,
			4
		]);
		expect(t3.rows.find((r) => r[1] === '（六）其他处理')).toBeUndefined();
		expect(t3.rows[1].slice(0, 2)).toEqual(['', '一、本年新收政府信息公开申请数量']);
		expect(t4.rows).toHaveLength(4);
		expect(t2.rows.find((r) => r[1] === '行政事业性收费')).toEqual([
			'第二十条第（八）项',
			'行政事业性收费',
			'本年收费金额（单位：万元）',
			null,
			'=HYPERLINK("http://x")'
		]);
		expect(found.rows[1]).toEqual(['错误', '勾稽关系', '+1 与表不符']);
	});

	it('a bold header row that stays, widths that fit, a label longer than its column wrapped — and formulas stay text', () => {
		for (const s of sheets) expect([s.header, s.widths!.length > 0]).toEqual([true, true]);
		expect(t3.widths![1]).toBe(50);
		const files = unzipSync(writeXlsx(sheets));
		const sheet3 = strFromU8(files['xl/worksheets/sheet2.xml']);
		expect(sheet3).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
		expect(sheet3).toContain('<col min="2" max="2" width="50" customWidth="1"/>');
		expect(sheet3).toMatch(/<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">类别<\/t>/);
		// The longest label (36 characters, 74 wide) wraps in its 50-wide column instead of being cut.
		expect(sheet3).toMatch(
			/<c r="B\d+" s="2" t="inlineStr"><is><t xml:space="preserve">1\.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请<\/t>/
		);
		const styles = strFromU8(files['xl/styles.xml']);
		expect(styles).toContain('<alignment wrapText="1" vertical="top"/>');
		const sheet1 = strFromU8(files['xl/worksheets/sheet1.xml']);
		expect(sheet1).toContain('&#39;=HYPERLINK(&quot;http://x&quot;)');
		expect(strFromU8(files['xl/worksheets/sheet4.xml'])).toContain('&#39;+1 与表不符');
	});
});
