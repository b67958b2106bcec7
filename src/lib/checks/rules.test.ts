/** Rules tried on reports made for them: outcomes the narrative combines, late publication, missing parts. */
import { describe, expect, it } from 'vitest';
import { latePublication, missingSection, textTableMismatch } from './report-rules.js';
import type { ReportData } from './types.js';
import type { CellRef } from '../report/metrics.js';

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
