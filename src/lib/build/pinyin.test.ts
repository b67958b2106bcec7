import { describe, expect, it } from 'vitest';
import { pinyinKeys, pinyinQuery } from './pinyin.js';

describe('pinyin of agency names', () => {
	it('full readings and initials of a name and its aliases, one name never running into the next', () => {
		expect(pinyinKeys(['淮安市洪泽区人民政府', '洪泽区人民政府'])).toEqual({
			pinyin: 'huaianshihongzequrenminzhengfu|hongzequrenminzhengfu',
			initials: 'hashzqrmzf|hzqrmzf'
		});
	});

	it('reads words in context, writes ü as v, keeps digits and drops signs', () => {
		expect(pinyinKeys(['重庆市绿化局']).pinyin).toBe('chongqingshilvhuaju');
		expect(pinyinKeys(['六安市']).pinyin).toBe('luanshi');
		expect(pinyinKeys(['（平潭）第2综合·执法'])).toEqual({ pinyin: 'pingtandi2zonghezhifa', initials: 'ptd2zhzf' });
	});

	it('a query is pinyin when it is latin letters alone (spaces, apostrophes and case aside)', () => {
		expect(pinyinQuery(' Huai An ')).toBe('huaian');
		expect(pinyinQuery("xi'an")).toBe('xian');
		expect(pinyinQuery('hzq')).toBe('hzq');
		expect(pinyinQuery('淮安')).toBeNull();
		expect(pinyinQuery('h5')).toBeNull();
		expect(pinyinQuery("' OR 1=1")).toBeNull();
		expect(pinyinQuery('')).toBeNull();
	});
});
