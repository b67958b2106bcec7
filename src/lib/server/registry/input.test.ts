import { describe, expect, it } from 'vitest';
import { NewAgencyInput, RegistryOp, opOfForm } from './input.js';
import { amendmentOf } from './service.js';

const refusal = (v: unknown) => {
	const r = RegistryOp.safeParse(v);
	return r.success ? null : r.error.issues.map((i) => i.message).join('；');
};

describe('what a person may write into the registry', () => {
	it('refuses a name that a spreadsheet would take for a formula, or with a control character or a `;`', () => {
		// Leading blanks are trimmed first: what is left must not start a formula either.
		for (const name of ['=HYPERLINK("http://x")鸿蒙测试县', '+鸿蒙测试县', '-鸿蒙测试县', '@鸿蒙测试县', ' =SUM(A1)鸿蒙测试县', '\t=1+2鸿蒙'])
			expect(refusal({ op: 'rename', id: 3, name }), name).toMatch(/不能以 = \+ - @ 开头/);
		for (const name of ['鸿蒙\t测试县', '鸿蒙\r测试县', '鸿蒙\n测试县', '甲;乙', '鸿蒙\u0000县'])
			expect(refusal({ op: 'rename', id: 3, name }), JSON.stringify(name)).toMatch(/不能含分号或控制字符/);
		expect(refusal({ op: 'add', name: '=HYPERLINK("http://x")鸿蒙测试县', level: 'county', parent_id: 2 })).toMatch(/开头/);
		// An upload's commit reads the same rules.
		expect(NewAgencyInput.safeParse({ name: '=HYPERLINK("http://x")鸿蒙测试县', level: 'county', parent_id: 2 }).success).toBe(false);
		expect(refusal({ op: 'rename', id: 3, name: '鸿蒙测试县' })).toBeNull();
	});

	it('bounds every field: names, regions, years, the deadline, 年报 pages, ids', () => {
		expect(refusal({ op: 'rename', id: 3, name: '县'.repeat(101) })).toMatch(/不超过 100 个字/);
		expect(refusal({ op: 'rename', id: 3, name: '  ' })).toMatch(/不能为空/);
		expect(refusal({ op: 'add', name: '某镇', level: 'township', parent_id: null })).toMatch(/没有上级单位时须填写地区/);
		expect(refusal({ op: 'add', name: '某镇', level: 'township', parent_id: null, region: '江苏省//某县' })).toMatch(/省\/市\/县/);
		expect(refusal({ op: 'add', name: '某镇', level: 'township', parent_id: null, region: '江苏省/=某县' })).toMatch(/省\/市\/县/);
		expect(refusal({ op: 'add', name: '某镇', level: 'galaxy', parent_id: 3 })).toMatch(/级别无效/);
		expect(refusal({ op: 'add', name: '某镇', level: 'township', parent_id: 3, due: '2-30' })).toMatch(/MM-DD/);
		expect(refusal({ op: 'add', name: '某镇', level: 'township', parent_id: 3, first_year: 2024, last_year: 2020 })).toMatch(/早于/);
		expect(refusal({ op: 'add', name: '某镇', level: 'township', parent_id: 3, report_urls: ['javascript:alert(1)'] })).toMatch(/http/);
		expect(refusal({ op: 'add', name: '某镇', level: 'township', parent_id: 3, report_urls: Array(11).fill('https://x.cn/') })).toMatch(/最多 10 个/);
		expect(refusal({ op: 'close', id: 3, last_year: 1999 })).toMatch(/2000—2100/);
		expect(refusal({ op: 'close', id: '3', last_year: 2020 })).toMatch(/单位编号应为数字/);
		expect(refusal({ op: 'merge', id: 3, into: 0 })).toMatch(/单位编号无效/);
		expect(refusal({ op: 'drop', id: 3 })).toMatch(/add、rename、move、merge 或 close/);
		expect(refusal({ op: 'rename', id: 3, name: '某镇', region: 'x' })).not.toBeNull();
		expect(
			refusal({ op: 'add', name: '某镇', level: 'township', parent_id: 3, first_year: 2020, due: '02-15', report_urls: ['https://www.example.gov.cn/nb/'] })
		).toBeNull();
	});

	it('reads the page’s forms as the API’s bodies', () => {
		const form = (o: Record<string, string>) => {
			const f = new FormData();
			for (const [k, v] of Object.entries(o)) f.set(k, v);
			return f;
		};
		expect(
			opOfForm(
				'add',
				form({
					name: ' 某镇 ',
					level: 'township',
					parent_id: '3',
					region: '',
					first_year: '2020',
					last_year: '',
					due: '',
					report_urls: 'https://a.cn/\n\nhttps://b.cn/'
				})
			)
		).toEqual({ op: 'add', name: '某镇', level: 'township', parent_id: 3, first_year: 2020, report_urls: ['https://a.cn/', 'https://b.cn/'] });
		expect(opOfForm('move', form({ id: '4', parent_id: '', region: '福建省' }))).toEqual({ op: 'move', id: 4, parent_id: null, region: '福建省' });
		// Nothing chosen in the list: no parent_id at all, refused rather than taken for 无上级.
		expect(refusal(opOfForm('move', form({ id: '4', region: '福建省' })))).toBe('请选择新的上级单位（或「无上级」）');
		expect(opOfForm('close', form({ id: '4', last_year: '' }))).toEqual({ op: 'close', id: 4, last_year: null });
		expect(opOfForm('merge', form({ id: '4', into: '9', last_year: '2024' }))).toEqual({ op: 'merge', id: 4, into: 9, last_year: 2024 });
		// A number field that is not a number stays text, for the schema to refuse.
		expect(refusal(opOfForm('close', form({ id: '4', last_year: '二〇二四' })))).toMatch(/年度应为数字/);
	});

	it('merges up to the year before the merge unless told the last year', () => {
		const now = new Date('2026-03-01T00:00:00Z');
		expect(amendmentOf({ op: 'merge', id: 4, into: 9 }, now)).toEqual({ merge: 4, into: 9, last_year: 2025 });
		expect(amendmentOf({ op: 'merge', id: 4, into: 9, last_year: 2023 }, now)).toEqual({ merge: 4, into: 9, last_year: 2023 });
		expect(amendmentOf({ op: 'add', name: '某镇', level: 'township', parent_id: 3, region: '岔河镇' })).toEqual({
			add: { name: '某镇', level: 'township', parent_id: 3, region: '岔河镇' },
			alias: null
		});
	});
});
