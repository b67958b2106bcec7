/**
 * The generated nation: a hierarchy of the country's shape, every agency under its parent and
 * region, every name marked 示例 and matched to one agency only; the same for a seed.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { agencyKey } from '../report/agencies.js';
import { generateCorpus } from './corpus.js';
import { NATION, NATION_FIRST_ID, nationAgencies } from './nation.js';
import type { GeneratedAgency } from './region.js';

/** What each level's parent is. */
const PARENT_LEVEL: Record<string, string[]> = {
	province: [],
	city: ['province'],
	county: ['city'],
	township: ['county'],
	department: ['province', 'city', 'county']
};

describe('the generated nation', () => {
	const nation = [...nationAgencies(170_000, 1)];

	it('has about the country’s shape at 170,000 agencies: 30-odd provinces, hundreds of cities, thousands of counties', () => {
		expect(nation).toHaveLength(170_000);
		expect(nation.map((a) => a.id)).toEqual(Array.from({ length: 170_000 }, (_, k) => NATION_FIRST_ID + k));
		const count = (level: string) => nation.filter((a) => a.level === level).length;
		expect(count('province')).toBeGreaterThanOrEqual(31);
		expect(count('province')).toBeLessThanOrEqual(34);
		expect(count('city')).toBeGreaterThan(300);
		expect(count('county')).toBeGreaterThan(3000);
		expect(count('township')).toBeGreaterThan(40_000);
		expect(count('department')).toBeGreaterThan(count('township'));
	});

	it('puts every agency under a parent of the right level, in its parent’s region, within the nation', () => {
		const byId = new Map<number, GeneratedAgency>(nation.map((a) => [a.id, a]));
		// What is wrong with each agency (nothing, for all): one expect, not 680,000.
		const wrong = nation.flatMap((a) => {
			const parent = a.parent_id === null ? null : byId.get(a.parent_id);
			const problems = [
				!(a.region === NATION || a.region.startsWith(`${NATION}/`)) && 'outside the nation',
				(parent === null) !== (a.level === 'province') && 'a parent only a province lacks',
				parent && !PARENT_LEVEL[a.level].includes(parent.level) && `a ${parent.level} as parent`,
				parent && parent.id >= a.id && 'its parent after it',
				// A government's region is one below its parent's; a department or township shares its government's.
				parent &&
					(a.level === 'department' || a.level === 'township' ? a.region !== parent.region : a.region.slice(0, a.region.lastIndexOf('/')) !== parent.region) &&
					'a region not its parent’s'
			].filter(Boolean);
			return problems.length ? [`${a.name}: ${problems.join(', ')}`] : [];
		});
		expect(wrong).toEqual([]);
	});

	it('marks every name as an example, and no two agencies share a name as matching reads it', () => {
		expect(nation.every((a) => a.name.includes('示例'))).toBe(true);
		expect(new Set(nation.map((a) => agencyKey(a.name))).size).toBe(nation.length);
	});

	it('is the same for a seed, and its first agencies are the same whatever the size', () => {
		expect([...nationAgencies(5000, 1)]).toEqual(nation.slice(0, 5000));
		expect([...nationAgencies(5000, 2)]).not.toEqual(nation.slice(0, 5000));
	});

	it('writes a registry with every agency’s level, parent and region', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-nation-'));
		try {
			const s = await generateCorpus({ out: dir, agencies: 50, years: [2023, 2024], seed: 1, national: true });
			expect(s.agencies).toBe(50);
			const rows = (await readFile(path.join(dir, 'agencies.csv'), 'utf8')).trim().split('\n');
			expect(rows[0]).toBe('id,name,level,parent_id,region,aliases');
			expect(rows.slice(1)).toEqual(nation.slice(0, 50).map((a) => [a.id, a.name, a.level, a.parent_id ?? '', a.region, ''].join(',')));
			const marker = JSON.parse(await readFile(path.join(dir, 'nianbao-generated.json'), 'utf8'));
			expect(marker).toMatchObject({ generated: true, national: true });
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});
