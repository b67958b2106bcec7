import { describe, expect, it } from 'vitest';
import { chartText } from './escape.js';

describe('a chart’s text', () => {
	it('drops what XML cannot hold, keeps the rest as written (ECharts escapes its markup)', () => {
		expect(chartText('年度「\u0000\u0007」无效')).toBe('年度「」无效');
		expect(chartText('<b>{b}</b> & 平潭')).toBe('<b>{b}</b> & 平潭');
	});
});
