import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { writeXlsx } from './xlsx.js';

describe('xlsx writer', () => {
	it('writes the sheets a spreadsheet program reads: names, strings, numbers, blanks', () => {
		const bytes = writeXlsx([
			{
				name: '表三 申请情况',
				rows: [
					['行', '自然人', '总计'],
					['本年新收', 3, 5],
					['（七）总计', null, '']
				]
			},
			{ name: 'a/b[c]:d*e?f\\ghijklmnopqrstuvwxyz0123456789', rows: [['<&>"']] }
		]);
		const files = unzipSync(bytes);
		const workbook = strFromU8(files['xl/workbook.xml']);
		expect(workbook).toContain('name="表三 申请情况"');
		expect(workbook).toContain('name="a_b_c__d_e_f_ghijklmnopqrstuvwx"');
		const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
		expect(sheet).toContain('<c r="B2"><v>3</v></c>');
		expect(sheet).toContain('<t xml:space="preserve">本年新收</t>');
		expect(sheet).not.toContain('r="B3"');
		expect(strFromU8(files['xl/worksheets/sheet2.xml'])).toContain('&lt;&amp;&gt;&quot;');
	});
});
