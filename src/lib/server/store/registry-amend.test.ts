import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RegistryRefused, amendRegistry } from './registry-amend.js';
import { Registry, readRegistryCsv } from './registry.js';

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
