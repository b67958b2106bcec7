import { describe, expect, it } from 'vitest';
import { beijingTime } from './format.js';

describe('times', () => {
	it('are shown in Beijing time, to the minute, whatever zone they were kept in', () => {
		expect(beijingTime('2026-12-07 13:59:00.123456')).toBe('2026-12-07 21:59');
		expect(beijingTime('2026-12-07 18:30:00')).toBe('2026-12-08 02:30');
		expect(beijingTime(new Date('2026-12-07T13:59:00Z'))).toBe('2026-12-07 21:59');
		expect(beijingTime('2026-12-07T21:59:00+08:00')).toBe('2026-12-07 21:59');
		expect(beijingTime(null)).toBe('');
		expect(beijingTime('不是时间')).toBe('不是时间');
	});
});
