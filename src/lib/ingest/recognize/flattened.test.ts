import { describe, expect, it } from 'vitest';
import { readingsOf } from './flattened.js';
import { parseBytes } from '../parse.js';

describe('readings of a run of digits', () => {
	it('every split into cells without leading zeros', () => {
		expect(readingsOf('1203', 3).readings).toEqual([
			[1, 20, 3],
			[12, 0, 3]
		]);
	});
	it('a gap is a cell boundary', () => {
		expect(readingsOf('12 3', 2).readings).toEqual([[12, 3]]);
		expect(readingsOf('1 23', 2).readings).toEqual([[1, 23]]);
	});
	it('one cell short: blank at the gap, or at the end', () => {
		expect(readingsOf('0 00000', 7).readings).toEqual([[0, null, 0, 0, 0, 0, 0]]);
		expect(readingsOf('000000', 7).readings).toEqual([[0, 0, 0, 0, 0, 0, null]]);
	});
	it('a pathological run is bounded, not a hang', () => {
		const t = performance.now();
		const { bounded } = readingsOf('1'.repeat(60), 15);
		expect(bounded).toBe(true);
		expect(performance.now() - t).toBeLessThan(5000);
	});
	it('a report whose run is pathological parses, with the row unread and a warning', async () => {
		const text = `标题: 示例县2023年政府信息公开工作年度报告\n===== 正文 =====\n一、总体情况 无。三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量${'1'.repeat(80)}二、上年结转政府信息公开申请数量0000000四、结转下年度继续办理0000000`;
		const r = await parseBytes(new TextEncoder().encode(text), 'a.txt');
		expect(r.applications.new_received.total).toBeNull();
		expect(r.warnings.some((w) => w.where === 'applications.new_received' && /flat_/.test(w.code))).toBe(true);
		expect(r.applications.carried_over.total).toBe(0);
	});
});
