import { describe, expect, it } from 'vitest';
import { regionUnder } from './agencies.js';

describe('regionUnder', () => {
	it('puts a township or department in its parent’s region, a government in its parent’s and its own place', () => {
		const hongze = { region: '江苏省/淮安市/洪泽区' };
		expect(regionUnder(hongze, { name: '洪泽区岔河镇人民政府', level: 'township' })).toBe('江苏省/淮安市/洪泽区');
		expect(regionUnder(hongze, { name: '淮安市洪泽区发展和改革局', level: 'department' })).toBe('江苏省/淮安市/洪泽区');
		expect(regionUnder({ region: '江苏省/宿迁市' }, { name: '沭阳县人民政府', level: 'county' })).toBe('江苏省/宿迁市/沭阳县');
		expect(regionUnder({ region: '江苏省/宿迁市' }, { name: '宿迁市沭阳县人民政府', level: 'county' })).toBe('江苏省/宿迁市/沭阳县');
		expect(regionUnder({ region: '江苏省' }, { name: '江苏省淮安市人民政府', level: 'city' })).toBe('江苏省/淮安市');
		expect(regionUnder({ region: '福建省' }, { name: '平潭综合实验区', level: 'city' })).toBe('福建省/平潭综合实验区');
		// A name that spells no place of its own, or only its parent's: the parent's region.
		expect(regionUnder({ region: '江苏省/淮安市' }, { name: '淮安市人民政府', level: 'county' })).toBe('江苏省/淮安市');
		expect(regionUnder({ region: '江苏省/淮安市' }, { name: '某管委会', level: 'county' })).toBe('江苏省/淮安市');
	});
});
