import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INFERRED_BASE, MAX_REGISTRY_ID, findingId, inferredAgencyId } from '../report/ids.js';
import { agencyKey } from '../report/agencies.js';
import { Registry, csvRows, formerFindingId, readRegistryCsv, type Agency } from './registry.js';
import { readRegistries } from './ingest.js';
import { NATION_FIRST_ID, nationAgencies } from '../generate/nation.js';
import { RegistryFile } from '../generate/sinks.js';

const agency = (id: number, name: string, aliases: string[] = []): Agency => ({
	id,
	name,
	level: 'township',
	parent_id: null,
	region: '',
	aliases,
	generated: false,
	needs_review: false
});

describe('the registry of agencies', () => {
	it('takes only ids below the ids derived from names, and says which row is wrong', async () => {
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'nianbao-registry-')), 'agencies.csv');
		await writeFile(file, `id,name,level,parent_id,region\n${MAX_REGISTRY_ID},甲镇,township,,示例县\n${MAX_REGISTRY_ID + 1},乙镇,township,,示例县\n`);
		await expect(readRegistryCsv(file, false)).rejects.toThrow(`${file} 第3行：id`);
	});

	it('reads an optional reporting span, and refuses one that ends before it starts', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-registry-'));
		const file = path.join(dir, 'agencies.csv');
		await writeFile(file, `id,name,level,parent_id,region,first_year,last_year\n1,甲镇,township,,示例县,2021,\n2,乙镇,township,,示例县,,\n`);
		expect((await readRegistryCsv(file, false)).map((a) => [a.first_year, a.last_year])).toEqual([
			[2021, null],
			[null, null]
		]);
		await writeFile(file, `id,name,level,parent_id,region,first_year,last_year\n1,甲镇,township,,示例县,2023,2021\n`);
		await expect(readRegistryCsv(file, false)).rejects.toThrow(`${file} 第2行：first_year 2023 晚于 last_year 2021`);
		await writeFile(file, `id,name,level,parent_id,region,first_year\n1,甲镇,township,,示例县,二〇二一\n`);
		await expect(readRegistryCsv(file, false)).rejects.toThrow(`${file} 第2行：first_year`);
	});

	it('credits a name it does not know to an id derived from the name: the same whatever else is known, never a registry id', () => {
		const small = new Registry([agency(7, '示例县甲镇人民政府')]);
		const large = new Registry([agency(1, '示例县丙镇人民政府'), agency(2, '示例县丁镇人民政府'), agency(7, '示例县甲镇人民政府')]);
		expect(small.resolve('示例县甲镇人民政府')).toBe(7);
		const id = small.resolve('示例县乙镇人民政府');
		expect(id).toBeGreaterThanOrEqual(INFERRED_BASE);
		expect(large.resolve('示例县乙镇人民政府')).toBe(id);
		// Two spellings of one body share it (人民政府 / 综合服务中心 name the same township).
		expect(small.resolve('示例县乙镇综合服务中心')).toBe(id);
	});

	it('a registry row that names the agency, by name or alias, takes it over', () => {
		const before = new Registry([]).resolve('大安市叉干镇综合服务中心');
		const after = new Registry([agency(2, '吉林省白城市大安市叉干镇综合服务中心', ['大安市叉干镇综合服务中心'])]);
		expect(before).toBeGreaterThanOrEqual(INFERRED_BASE);
		expect(after.resolve('大安市叉干镇综合服务中心')).toBe(2);
	});

	it('moves a second name on when its derived id is another name’s', () => {
		const registry = new Registry([]);
		const a = registry.resolve('示例县甲镇人民政府');
		// An earlier run stored another name under the id this one would get.
		const other = new Registry([]);
		other.remember(inferredAgencyId(agencyKey('示例县乙镇人民政府')), '示例县某镇');
		const moved = other.resolve('示例县乙镇人民政府');
		expect(moved).not.toBe(inferredAgencyId(agencyKey('示例县乙镇人民政府')));
		expect(moved).toBe(inferredAgencyId(agencyKey('示例县乙镇人民政府'), 1));
		expect(a).toBe(inferredAgencyId(agencyKey('示例县甲镇人民政府')));
	});

	it('has a version that changes with any row, and not with their order', () => {
		const v = new Registry([agency(1, '甲镇'), agency(2, '乙镇')]).version();
		expect(new Registry([agency(2, '乙镇'), agency(1, '甲镇')]).version()).toBe(v);
		expect(new Registry([agency(1, '甲镇'), agency(2, '乙镇', ['乙'])]).version()).not.toBe(v);
		expect(new Registry([agency(1, '甲镇'), { ...agency(2, '乙镇'), region: '示例县' }]).version()).not.toBe(v);
		expect(new Registry([agency(1, '甲镇'), { ...agency(2, '乙镇'), parent_id: 1 }]).version()).not.toBe(v);
	});

	it('gives a registry agency’s finding the id it had while the agency was known by name', () => {
		const byName = new Registry([]).resolve('大安市叉干镇综合服务中心');
		expect(formerFindingId('t3_balance', 2, '大安市叉干镇综合服务中心', 2024, 'x')).toBe(findingId('t3_balance', byName, 2024, 'x'));
		expect(formerFindingId('t3_balance', byName, '大安市叉干镇综合服务中心', 2024, 'x')).toBeNull();
	});

	it('reads a CSV as it streams: quotes, doubled quotes, commas and newlines in quotes, CRLF, a BOM, across chunk boundaries', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-csv-'));
		const rows: string[][] = [];
		const lines: string[] = [];
		// Rows of every kind, enough of them (over 64 KB) that chunks end inside quotes, at CR and LF, at a doubled quote.
		for (let k = 0; rows.length < 4000; k++) {
			const kinds: [string[], string][] = [
				[[`${k}`, `示例${k}镇`, 'township'], `${k},示例${k}镇,township`],
				[[`${k}`, `甲,"乙"${k}`, '丙\n丁'], `${k},"甲,""乙""${k}","丙\n丁"`],
				[[`${k}`, '', `${'长'.repeat(k % 50)}`], `${k},,${'长'.repeat(k % 50)}`],
				[[`${k}`, `""`, 'x'], `${k},"""""",x`]
			];
			const [row, line] = kinds[k % kinds.length];
			rows.push(row);
			lines.push(line + (k % 3 === 0 ? '\r\n' : '\n') + (k % 7 === 0 ? '\n' : ''));
		}
		const file = path.join(dir, 'rows.csv');
		await writeFile(file, '\ufeff' + lines.join(''));
		const read: string[][] = [];
		for await (const r of csvRows(file)) read.push(r);
		expect(read).toEqual(rows);
	});

	it('of a nation (170,000 agencies) is read beside the real one', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-nation-registry-'));
		const csv = new RegistryFile(path.join(dir, 'agencies.csv'));
		for (const a of nationAgencies(170_000, 1)) csv.add(a);
		csv.close();
		const agencies = await readRegistries('data/agencies.csv', [dir]);
		expect(agencies.filter((a) => a.generated)).toHaveLength(170_000);
		expect(agencies.filter((a) => !a.generated).length).toBeGreaterThan(0);
		expect(new Registry(agencies).resolve('示例东海省人民政府')).toBe(NATION_FIRST_ID);
	}, 60_000);
});
