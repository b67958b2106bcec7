import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RegistryRefused, amendRegistry, editRegistry } from './registry-amend.js';
import { Registry, parseCsv, readRegistryCsv } from './registry.js';
import { csvField } from './registry-table.js';

const CSV = `id,name,level,parent_id,region,aliases
1,吉林省白城市大安市叉干镇综合服务中心,township,,吉林省/白城市/大安市,大安市叉干镇综合服务中心;叉干镇综合服务中心
4,平潭综合实验区,city,,福建省/平潭综合实验区,"平潭综合实验区管委会;福建省平潭综合实验区"
`;

async function registryFile() {
	const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-registry-'));
	const file = path.join(dir, 'agencies.csv');
	await writeFile(file, CSV);
	return { dir, file };
}

describe('the registry amended by an upload’s choices', () => {
	it('takes a report’s name as an alias, adds an agency past the ids in use, keeps every other row as it was', async () => {
		const { dir, file } = await registryFile();
		const ids = await amendRegistry(
			file,
			[
				{ alias: '平潭实验区管委', agency_id: 4 },
				{ add: { name: '平潭综合实验区自然资源局', level: 'department', parent_id: 4, region: '福建省/平潭综合实验区' }, alias: '平潭自然资源局' }
			],
			new Set([5, 6])
		);
		expect(ids).toEqual([4, 7]);
		const registry = new Registry(await readRegistryCsv(file, false));
		expect(registry.find('平潭实验区管委')?.id).toBe(4);
		expect(registry.find('平潭自然资源局')?.id).toBe(7);
		expect(registry.get(7)).toMatchObject({ name: '平潭综合实验区自然资源局', level: 'department', parent_id: 4, region: '福建省/平潭综合实验区' });
		const text = await readFile(file, 'utf8');
		expect(text.split('\n')[1]).toBe(CSV.split('\n')[1]);
		// Nothing left beside it.
		expect(await readdir(dir)).toEqual(['agencies.csv']);
	});

	it('refuses an agency the file does not hold, a parent it does not hold, and a name that would still mean another agency; the file unchanged', async () => {
		const { file } = await registryFile();
		await expect(amendRegistry(file, [{ alias: '某局', agency_id: 99 }])).rejects.toThrow(RegistryRefused);
		await expect(amendRegistry(file, [{ add: { name: '某局', level: 'department', parent_id: 99, region: '福建省' }, alias: null }])).rejects.toThrow(
			/上级单位/
		);
		// 叉干镇综合服务中心 is agency 1's already: it cannot name agency 4 too.
		await expect(amendRegistry(file, [{ alias: '叉干镇综合服务中心', agency_id: 4 }])).rejects.toThrow(/已是「吉林省白城市大安市叉干镇综合服务中心」的名称/);
		expect(await readFile(file, 'utf8')).toBe(CSV);
	});
});

const TREE = `id,name,level,parent_id,region,aliases,first_year,last_year
1,江苏省人民政府,province,,江苏省,,,
2,淮安市人民政府,city,1,江苏省/淮安市,淮安市,,
3,淮安市洪泽区人民政府,county,2,江苏省/淮安市/洪泽区,洪泽区人民政府,,
4,洪泽区高良涧街道办事处,township,3,江苏省/淮安市/洪泽区,,2019,
5,宿迁市人民政府,city,1,江苏省/宿迁市,,,
6,宿迁市沭阳县人民政府,county,5,江苏省/宿迁市/沭阳县,,,
7,福建省人民政府,province,,福建省,,,
8,平潭综合实验区,city,7,福建省/平潭综合实验区,,,
9,洪泽区朱坝街道办事处,township,3,江苏省/淮安市/洪泽区,,,
10,洪泽区发展和改革局,department,3,江苏省/淮安市/洪泽区,,,
`;

async function tree() {
	const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-registry-'));
	const file = path.join(dir, 'agencies.csv');
	await writeFile(file, TREE);
	return { dir, file, read: async () => new Registry(await readRegistryCsv(file, false)) };
}

describe('the registry’s own changes: add under a parent, rename, move, merge, close', () => {
	it('adds an agency under a parent: a township or department gets its county’s region, a government its parent’s and its own place; a region typed beside a parent is not used', async () => {
		const { file, read } = await tree();
		const ids = await amendRegistry(file, [
			{ add: { name: '洪泽区岔河镇人民政府', level: 'township', parent_id: 3, region: '岔河镇' }, alias: null },
			{ add: { name: '泗阳县人民政府', level: 'county', parent_id: 5 }, alias: null },
			// What an upload's preview used to send: the region its name spells (沭阳县, 平潭综合实验区).
			{ add: { name: '沭阳县发展和改革局', level: 'department', parent_id: 6, region: '沭阳县' }, alias: null },
			{ add: { name: '平潭综合实验区经济发展局', level: 'department', parent_id: 8, region: '平潭综合实验区' }, alias: null },
			{ add: { name: '示例县人民政府', level: 'county', parent_id: null, region: '示例省/示例市/示例县' }, alias: null }
		]);
		expect(ids).toEqual([11, 12, 13, 14, 15]);
		const r = await read();
		expect(ids.map((id) => [r.get(id)!.parent_id, r.get(id)!.region])).toEqual([
			[3, '江苏省/淮安市/洪泽区'],
			[5, '江苏省/宿迁市/泗阳县'],
			[6, '江苏省/宿迁市/沭阳县'],
			[8, '福建省/平潭综合实验区'],
			[null, '示例省/示例市/示例县']
		]);
	});

	it('adds the optional years, deadline and 年报 pages, adding their columns to a file that lacks them', async () => {
		const { file, read } = await tree();
		const [id] = await amendRegistry(file, [
			{
				add: {
					name: '洪泽区老子山镇人民政府',
					level: 'township',
					parent_id: 3,
					first_year: 2020,
					last_year: 2024,
					due: '02-15',
					report_urls: ['https://example.gov.cn/a', 'https://example.gov.cn/b']
				},
				alias: null
			}
		]);
		expect((await read()).get(id)).toMatchObject({
			first_year: 2020,
			last_year: 2024,
			due: '02-15',
			report_urls: ['https://example.gov.cn/a', 'https://example.gov.cn/b'],
			merged_into: null
		});
		const text = await readFile(file, 'utf8');
		expect(text.split('\n')[0]).toBe('id,name,level,parent_id,region,aliases,first_year,last_year,due,report_url');
		// The rows before it, as they were (blank in the new columns).
		expect(text.split('\n')[2]).toBe('2,淮安市人民政府,city,1,江苏省/淮安市,淮安市,,,,');
		await expect(
			amendRegistry(file, [{ add: { name: '洪泽区西顺河镇', level: 'township', parent_id: 3, first_year: 2024, last_year: 2020 }, alias: null }])
		).rejects.toThrow(/最后报送年度 2020 早于首个报送年度 2024/);
	});

	it('renames: the old name stays as an alias, so that reports by either name are the agency’s; a name of another agency is refused', async () => {
		const { file, read } = await tree();
		const edit = await editRegistry(file, [{ rename: 4, name: '淮安市洪泽区高良涧街道办事处' }]);
		expect(edit.changed).toEqual([
			{
				id: 4,
				before: { id: '4', name: '洪泽区高良涧街道办事处', level: 'township', parent_id: '3', region: '江苏省/淮安市/洪泽区', first_year: '2019' },
				after: {
					id: '4',
					name: '淮安市洪泽区高良涧街道办事处',
					level: 'township',
					parent_id: '3',
					region: '江苏省/淮安市/洪泽区',
					aliases: '洪泽区高良涧街道办事处',
					first_year: '2019'
				}
			}
		]);
		const r = await read();
		expect(r.get(4)).toMatchObject({ name: '淮安市洪泽区高良涧街道办事处', aliases: ['洪泽区高良涧街道办事处'] });
		expect(r.find('洪泽区高良涧街道办事处')?.id).toBe(4);
		expect(r.find('淮安市洪泽区高良涧街道办事处')?.id).toBe(4);
		// Back to the old name: it leaves the aliases, the other one joins them.
		await amendRegistry(file, [{ rename: 4, name: '洪泽区高良涧街道办事处' }]);
		expect((await read()).get(4)!.aliases).toEqual(['淮安市洪泽区高良涧街道办事处']);
		const text = await readFile(file, 'utf8');
		await expect(amendRegistry(file, [{ rename: 5, name: '淮安市人民政府' }])).rejects.toThrow(/已是「淮安市人民政府」的名称/);
		await expect(amendRegistry(file, [{ rename: 99, name: '某局' }])).rejects.toThrow(/没有编号为 99 的单位/);
		expect(await readFile(file, 'utf8')).toBe(text);
	});

	it('moves an agency under another parent: its region and its descendants’ follow; never under itself or its own descendant', async () => {
		const { file, read } = await tree();
		const edit = await editRegistry(file, [{ move: 3, parent_id: 5 }]);
		expect(edit.changed.map((c) => c.id).sort((a, b) => a - b)).toEqual([3, 4, 9, 10]);
		const r = await read();
		expect([3, 4, 9, 10].map((id) => [r.get(id)!.parent_id, r.get(id)!.region])).toEqual([
			[5, '江苏省/宿迁市/洪泽区'],
			[3, '江苏省/宿迁市/洪泽区'],
			[3, '江苏省/宿迁市/洪泽区'],
			[3, '江苏省/宿迁市/洪泽区']
		]);
		// A township moved to another county takes that county's region.
		await amendRegistry(file, [{ move: 9, parent_id: 6 }]);
		expect((await read()).get(9)).toMatchObject({ parent_id: 6, region: '江苏省/宿迁市/沭阳县' });
		// No parent: the region given.
		await amendRegistry(file, [{ move: 7, parent_id: null, region: '福建省' }]);
		const text = await readFile(file, 'utf8');
		await expect(amendRegistry(file, [{ move: 5, parent_id: 4 }])).rejects.toThrow(/自己的下级单位之下/);
		await expect(amendRegistry(file, [{ move: 2, parent_id: 2 }])).rejects.toThrow(/自己的上级/);
		await expect(amendRegistry(file, [{ move: 2, parent_id: 99 }])).rejects.toThrow(/上级单位（编号 99）不在单位名录中/);
		expect(await readFile(file, 'utf8')).toBe(text);
	});

	it('merges (撤并): merged_into and the last year set, the name not given away; refuses itself, a survivor merged away, and cycles', async () => {
		const { file, read } = await tree();
		await amendRegistry(file, [{ merge: 9, into: 4, last_year: 2023 }]);
		let r = await read();
		expect(r.get(9)).toMatchObject({ merged_into: 4, last_year: 2023, name: '洪泽区朱坝街道办事处' });
		// Its reports stay its own: its name still means it.
		expect(r.find('洪泽区朱坝街道办事处')?.id).toBe(9);
		const text = await readFile(file, 'utf8');
		await expect(amendRegistry(file, [{ merge: 4, into: 4, last_year: 2023 }])).rejects.toThrow(/撤并到它自己/);
		await expect(amendRegistry(file, [{ merge: 4, into: 9, last_year: 2023 }])).rejects.toThrow(/已撤并到「洪泽区高良涧街道办事处」，不能互相撤并/);
		await expect(amendRegistry(file, [{ merge: 10, into: 9, last_year: 2023 }])).rejects.toThrow(/已撤并到「洪泽区高良涧街道办事处」，请撤并到后者/);
		await expect(amendRegistry(file, [{ merge: 4, into: 3, last_year: 2018 }])).rejects.toThrow(/最后报送年度 2018 早于首个报送年度 2019/);
		await expect(amendRegistry(file, [{ add: { name: '朱坝街道某局', level: 'department', parent_id: 9 }, alias: null }])).rejects.toThrow(
			/已撤并，不能再作为上级/
		);
		expect(await readFile(file, 'utf8')).toBe(text);
		// The survivor merged in turn: what was merged into it follows it (no chain of merges).
		await amendRegistry(file, [{ merge: 4, into: 3, last_year: 2024 }]);
		r = await read();
		expect([r.get(4)!.merged_into, r.get(9)!.merged_into]).toEqual([3, 3]);
		// A file hand-edited into a cycle is refused at the next change to those rows.
		await writeFile(
			file,
			TREE.replace('9,洪泽区朱坝街道办事处,township,3,江苏省/淮安市/洪泽区,,,', '9,洪泽区朱坝街道办事处,township,3,江苏省/淮安市/洪泽区,,,,10').replace(
				'id,name,level,parent_id,region,aliases,first_year,last_year',
				'id,name,level,parent_id,region,aliases,first_year,last_year,merged_into'
			)
		);
		await expect(amendRegistry(file, [{ merge: 10, into: 9, last_year: 2023 }])).rejects.toThrow(/已撤并到「洪泽区发展和改革局」，不能互相撤并/);
	});

	it('closes: the last year set, cleared with null; a change that changes nothing leaves the file as it was', async () => {
		const { file, read } = await tree();
		await amendRegistry(file, [{ close: 6, last_year: 2022 }]);
		expect((await read()).get(6)!.last_year).toBe(2022);
		const text = await readFile(file, 'utf8');
		const same = await editRegistry(file, [{ close: 6, last_year: 2022 }]);
		expect(same.changed).toEqual([]);
		expect(await readFile(file, 'utf8')).toBe(text);
		await amendRegistry(file, [{ close: 6, last_year: null }]);
		expect((await read()).get(6)!.last_year).toBeNull();
		await expect(amendRegistry(file, [{ close: 4, last_year: 2018 }])).rejects.toThrow(/早于首个报送年度 2019/);
	});

	it('writes every field guarded against formula injection: a name like =HYPERLINK(…) is text in the file and reads back as it was typed', async () => {
		const { file, read } = await tree();
		const name = '=HYPERLINK("http://x")鸿蒙测试县';
		const [id] = await amendRegistry(file, [{ add: { name, level: 'county', parent_id: null, region: '@示例/+区' }, alias: '-鸿蒙' }]);
		const text = await readFile(file, 'utf8');
		// No field of any line starts a formula.
		for (const line of text.trim().split('\n')) for (const f of parseCsv(line)[0]) expect(f, line).not.toMatch(/^[=+\-@\t\r]/);
		expect(text).toContain(`"'=HYPERLINK(""http://x"")鸿蒙测试县"`);
		expect(text).toContain(`'@示例/+区,'-鸿蒙`);
		expect((await read()).get(id)).toMatchObject({ name, region: '@示例/+区', aliases: ['-鸿蒙'] });
		// Another change leaves it guarded once, not twice; a formula written into the file by hand is guarded too.
		await writeFile(file, text + '99,=1+2,department,,示例省,,,\n');
		await amendRegistry(file, [{ close: 6, last_year: 2022 }]);
		const again = await readFile(file, 'utf8');
		expect(again).toContain(`"'=HYPERLINK(""http://x"")鸿蒙测试县"`);
		expect(again).toContain("\n99,'=1+2,department,");
		expect((await read()).get(99)!.name).toBe('=1+2');
	});

	it('serializes changes made at once: each sees the one before, none is lost', async () => {
		const { file, read } = await tree();
		const names = ['甲镇', '乙镇', '丙镇', '丁镇', '戊镇'].map((n) => `洪泽区${n}`);
		const ids = await Promise.all(names.map((name) => amendRegistry(file, [{ add: { name, level: 'township', parent_id: 3 }, alias: null }])));
		expect(ids.flat().sort((a, b) => a - b)).toEqual([11, 12, 13, 14, 15]);
		const r = await read();
		expect(names.map((n) => r.find(n)?.region)).toEqual(names.map(() => '江苏省/淮安市/洪泽区'));
	});
});

describe('csvField', () => {
	it('guards what a spreadsheet would take for a formula and quotes what CSV must', () => {
		expect(['=1+2', '+x', '-x', '@x', '\tx', '-12', '1,2', 'a"b', ' x', '平潭'].map(csvField)).toEqual([
			"'=1+2",
			"'+x",
			"'-x",
			"'@x",
			"'\tx",
			'-12',
			'"1,2"',
			'"a""b"',
			'" x"',
			'平潭'
		]);
	});
});
