/** Table 3 rows whose labels a scan made unreadable: named by the template's row order, and only from a scan. */
import { describe, expect, it } from 'vitest';
import { recognize } from './index.js';
import { cell, type Block, type Document } from '../document.js';
import { applicationRowsOf } from '../../report/template.js';

/** A 2021 Table 3 of one row a label (its values: the row's index, then six zeros), with the labels of `garbled` rows misread. */
function table3(garbled: Record<string, string>): Block[] {
	const rows = applicationRowsOf('2021').map((d, k) => [
		cell(garbled[d.key] ?? d.label),
		cell(String(k)),
		...Array.from({ length: 5 }, () => cell('0')),
		cell(String(k))
	]);
	const header = ['申请人情况', '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'].map((t) => cell(t));
	return [
		{ kind: 'paragraph', text: '示例县人民政府2024年政府信息公开工作年度报告' },
		{ kind: 'paragraph', text: '三、收到和处理政府信息公开申请情况' },
		{ kind: 'table', rows: [header, ...rows] }
	];
}

describe('rows named by order', () => {
	const garbled = { granted: '《一)  公开', 'denied.law_prohibited': '2.其他法律行政法规止公开', 'denied.security_stability': '3. “三安全一' };

	it('from a scan: unreadable labels between two named rows take the rows the template has there, as many as are left out', () => {
		const doc: Document = { blocks: table3(garbled), ocr: true };
		const { report } = recognize(doc, 'pdf');
		const order = applicationRowsOf('2021').map((d) => d.key);
		for (const key of Object.keys(garbled)) expect(report.raw.applications[key].natural_person, key).toBe(String(order.indexOf(key as never)));
		expect(report.warnings.filter((w) => w.code === 'row_by_order').map((w) => w.where)).toEqual([
			'applications.granted',
			'applications.denied.law_prohibited',
			'applications.denied.security_stability'
		]);
	});

	it('not when the rows left out and the unnamed rows differ in number, and never from a text layer', () => {
		const one = recognize(
			{ blocks: table3({ 'denied.law_prohibited': '？？', 'denied.security_stability': '3. “三安全一' }).filter(Boolean), ocr: true },
			'pdf'
		);
		expect(one.report.warnings.filter((w) => w.code === 'row_by_order')).toHaveLength(2);
		const blocks = table3(garbled);
		const t = blocks[2] as Extract<Block, { kind: 'table' }>;
		// One unnamed row of two left out: which one it is cannot be told.
		t.rows.splice(
			t.rows.findIndex((r) => r[0].text === '3. “三安全一'),
			1
		);
		const fewer = recognize({ blocks, ocr: true }, 'pdf');
		expect(fewer.report.raw.applications['denied.law_prohibited'].natural_person).toBeNull();
		expect(recognize({ blocks: table3(garbled) }, 'pdf').report.warnings.some((w) => w.code === 'row_by_order')).toBe(false);
	});
});
