/** Rules tried on reports made for them: outcomes the narrative combines, late publication, missing parts. */
import { describe, expect, it } from 'vitest';
import { blankRequired, latePublication, missingSection, t3Balance, t3OutcomeSum, t3RowTotal, t4GroupTotal, textTableMismatch } from './report-rules.js';
import { carryOver, inForceContinuity } from './agency-rules.js';
import type { ReportData } from './types.js';
import type { CellRef } from '../report/metrics.js';
import { applicationRowsOf } from '../report/template.js';

function report(values: Record<string, number | null>, over: Partial<ReportData> = {}): ReportData {
	const key = (r: CellRef) => `${r.table}.${r.row}.${r.col}`;
	return {
		id: 12024,
		agencyId: 1,
		agency: '示例县甲镇',
		level: 'township',
		parentLevel: null,
		year: 2024,
		template: '2021',
		generated: false,
		value: (r) => (key(r) in values ? values[key(r)] : 0),
		raw: (r) => (key(r) in values && values[key(r)] === null ? '' : '0'),
		sections: { overview: '', proactive: '', applications: '', reviews: '', problems: '', other_matters: '' },
		published: null,
		deadline: '01-31',
		...over
	};
}

describe('text_table_mismatch', () => {
	it('catches a narrative that restates combined outcomes against the table, and passes one that agrees', () => {
		const t = { 'applications.granted.total': 200, 'applications.partially_granted.total': 75, 'applications.new_received.total': 300 };
		const wrong = report(t, { sections: { overview: '2024年共收到申请300件，其中予以公开及部分公开258件。' } });
		const [f] = textTableMismatch(wrong);
		expect(f.message).toBe('正文称「予以公开及部分公开258件」，表三相应结果合计为275件');
		expect(f.cells.map((c) => c.row)).toEqual(['granted', 'partially_granted']);
		expect(textTableMismatch(report(t, { sections: { overview: '共收到申请300件，予以公开和部分公开275件，不予公开0件。' } }))).toEqual([]);
		// A group sums its rows: 不予公开 is eight of them.
		const denied = report(
			{ ...t, 'applications.denied.third_party.total': 3, 'applications.denied.process_info.total': 2 },
			{ sections: { overview: '收到申请300件，不予公开4件。' } }
		);
		expect(textTableMismatch(denied).map((d) => d.message)).toEqual(['正文称「不予公开4件」，表三相应结果合计为5件']);
	});
});

describe('late_publication', () => {
	it('flags a report published after 31 January of the next year, and never one without a date', () => {
		expect(latePublication(report({}, { published: { date: '2025-01-31', source: '网页发布时间' } }))).toEqual([]);
		const [late] = latePublication(report({}, { published: { date: '2025-03-08', source: '网页发布时间' } }));
		expect(late.message).toContain('2025-03-08发布（网页发布时间），晚于2025年1月31日的公布期限36天');
		expect(latePublication(report({}, { published: null }))).toEqual([]);
	});

	it('counts from the agency’s own deadline: a government’s 31 March, a registry row’s own date', () => {
		const county = { level: 'county' as const, deadline: '03-31' };
		expect(latePublication(report({}, { ...county, published: { date: '2025-03-31', source: '网页发布时间' } }))).toEqual([]);
		const [late] = latePublication(report({}, { ...county, published: { date: '2025-04-02', source: '网页发布时间' } }));
		expect(late.message).toContain('晚于2025年3月31日的公布期限2天');
		expect(latePublication(report({}, { deadline: '02-15', published: { date: '2025-02-10', source: '网页发布时间' } }))).toEqual([]);
	});
});

describe('missing_section', () => {
	it('names each section and table the report lacks', () => {
		const r = report(
			{},
			{ sections: { overview: 'x', proactive: 'x', applications: 'x', reviews: 'x', problems: null, other_matters: 'x' }, raw: () => null, value: () => null }
		);
		expect(missingSection(r).map((d) => d.message)).toEqual([
			'缺少「存在的主要问题及改进情况」部分',
			'缺少表三（收到和处理政府信息公开申请情况）',
			'缺少表四（行政复议、行政诉讼情况）'
		]);
	});
});

describe('the table sums (report/relations.ts) as findings', () => {
	it('name the column, row or group, both sums, and the cells', () => {
		const r = report({
			'applications.new_received.total': 10,
			'applications.carried_over.total': 2,
			'applications.total_processed.total': 9,
			'applications.carried_forward.total': 1,
			'applications.granted.total': 7,
			'applications.new_received.natural_person': 6,
			'reviews.review.upheld': 2,
			'reviews.review.total': 3
		});
		const balance = t3Balance(r);
		expect(balance[0].message).toBe('「自然人」列：第一项+第二项=6，第三项+第四项=0，相差6');
		expect(balance.slice(1)).toEqual([
			{
				message: '「总计」列：第一项+第二项=12，第三项+第四项=10，相差2',
				cells: ['new_received', 'carried_over', 'total_processed', 'carried_forward'].map((row) => ({ table: 'applications', row, col: 'total' }))
			}
		]);
		expect(t3OutcomeSum(r)).toEqual([
			{
				message: '「总计」列：各项办理结果之和=7，（七）总计=9，相差2',
				cells: [
					{ table: 'applications', row: 'total_processed', col: 'total' },
					{ table: 'applications', row: 'granted', col: 'total' }
				],
				subject: 'column:total'
			}
		]);
		const rows = t3RowTotal(r);
		expect(rows.map((d) => d.subject)).toEqual(['row:new_received', 'row:carried_over', 'row:granted', 'row:total_processed', 'row:carried_forward']);
		expect(rows[0]).toEqual({
			message: '「一、本年新收政府信息公开申请数量」：六类申请人之和=6，总计列=10，相差4',
			cells: [
				{ table: 'applications', row: 'new_received', col: 'total' },
				{ table: 'applications', row: 'new_received', col: 'natural_person' }
			],
			subject: 'row:new_received'
		});
		expect(t4GroupTotal(r)).toEqual([
			{
				message: '行政复议：结果维持+结果纠正+其他结果+尚未审结=2，总计=3，相差1',
				cells: ['total', 'upheld', 'corrected', 'other', 'pending'].map((col) => ({ table: 'reviews', row: 'review', col }))
			}
		]);
	});

	it('from one year to the next: 上年结转 and 现行有效', () => {
		const found: { year: number; message: string; cells: CellRef[] }[] = [];
		const emit = (r: { year: number }, d: { message: string; cells: CellRef[] }) => found.push({ year: r.year, ...d });
		const last = report({ 'applications.carried_forward.total': 3, 'proactive.regulations.in_force': 10 }, { year: 2023 });
		const now = report({
			'applications.carried_over.total': 1,
			'proactive.regulations.in_force': 11,
			'proactive.regulations.issued': 2,
			'proactive.regulations.repealed': 0
		});
		carryOver([last, now], emit);
		inForceContinuity([last, now], emit);
		expect(found).toEqual([
			{
				year: 2024,
				message: '上年结转1件，与2023年报告的“结转下年度继续办理”3件不一致，相差2',
				cells: [{ table: 'applications', row: 'carried_over', col: 'total' }]
			},
			{
				year: 2024,
				message: '规章现行有效11件，按上年10件+本年制发2件−本年废止0件应为12件',
				cells: ['in_force', 'issued', 'repealed'].map((col) => ({ table: 'proactive', row: 'regulations', col }))
			}
		]);
		// A year apart by more than one, or a 2019 template on either side, is not compared for 现行有效.
		found.length = 0;
		inForceContinuity([{ ...last, template: '2019' }, now], emit);
		expect(found).toEqual([]);
	});
});

describe('blank_required', () => {
	it('one gap, one finding: a column group blank down Table 3 is one finding citing every cell, not one a row', () => {
		const rows = applicationRowsOf('2021').map((d) => d.key);
		const blank: Record<string, null> = {};
		for (const row of rows) for (const col of ['commercial', 'research']) blank[`applications.${row}.${col}`] = null;
		const found = blankRequired(report(blank));
		expect(found).toHaveLength(1);
		expect(found[0].cells).toHaveLength(rows.length * 2);
		expect(found[0].message).toMatch(new RegExp(`^表三「.+」「.+」列为空（${rows.length}行：.+等）$`));
		// Another gap of its own: a whole row of Table 4.
		const two = blankRequired(
			report({ ...blank, ...Object.fromEntries(['upheld', 'corrected', 'other', 'pending', 'total'].map((m) => [`reviews.review.${m}`, null])) })
		);
		expect(two).toHaveLength(2);
		expect(two[1].message).toMatch(/整行为空$/);
		// One row keeps the message and the id it had.
		const one = blankRequired(report({ 'applications.granted.commercial': null }));
		expect(one.map((f) => f.subject)).toEqual(['row:applications.granted']);
	});
});
