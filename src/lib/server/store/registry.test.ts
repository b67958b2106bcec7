import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_AGENCY_ID } from '../../report/ids.js';
import { Registry, readRegistryCsv, type Agency } from './registry.js';

const agency = (id: number, name: string): Agency => ({ id, name, level: 'township', parent_id: null, region: '', aliases: [], generated: false, needs_review: false });

describe('the registry of agencies', () => {
	it('takes only agency ids a report id can hold, and says which row is wrong', async () => {
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'nianbao-registry-')), 'agencies.csv');
		await writeFile(file, `id,name,level,parent_id,region\n${MAX_AGENCY_ID},甲镇,township,,示例县\n${MAX_AGENCY_ID + 1},乙镇,township,,示例县\n`);
		await expect(readRegistryCsv(file, false)).rejects.toThrow(`${file} 第3行：id`);
	});

	it('adds an agency it does not know, numbered after the last, and refuses one past the limit', () => {
		const registry = new Registry([agency(7, '示例县甲镇人民政府')]);
		expect(registry.resolve('示例县甲镇人民政府', false).id).toBe(7);
		expect(registry.resolve('示例县乙镇人民政府', false)).toMatchObject({ id: 8, needs_review: true });
		const full = new Registry([agency(MAX_AGENCY_ID, '示例县丙镇人民政府')]);
		expect(() => full.resolve('示例县丁镇人民政府', false)).toThrow(/超出上限/);
	});
});
