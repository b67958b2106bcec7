/** The region selector of a nation: the tree along the chosen region, not its thousands of regions. */
import { describe, expect, it } from 'vitest';
import { REGION_LIST_MAX, shownRegions } from './scope.js';

/** 全国 → 20 provinces → 20 cities each → 3 counties each, in the order the scope query gives (by path). */
function nation(): { region: string }[] {
	const out = ['示例全国', '吉林省'];
	for (let p = 0; p < 20; p++) {
		out.push(`示例全国/省${p}`);
		for (let c = 0; c < 20; c++) {
			out.push(`示例全国/省${p}/市${c}`);
			for (let k = 0; k < 3; k++) out.push(`示例全国/省${p}/市${c}/县${k}`);
		}
	}
	return out.sort().map((region) => ({ region }));
}

describe('the regions a page offers', () => {
	it('are all of them while they are few', () => {
		const few = nation().slice(0, REGION_LIST_MAX);
		expect(shownRegions(few, '示例全国')).toEqual(few);
	});

	it('of a nation, are the top level and, down the chosen path, each region’s children, in order', () => {
		const all = nation();
		expect(all.length).toBeGreaterThan(REGION_LIST_MAX);
		const top = shownRegions(all, '示例全国').map((r) => r.region);
		expect(top).toEqual(['吉林省', '示例全国', ...all.filter((r) => /^示例全国\/省\d+$/.test(r.region)).map((r) => r.region)]);
		const city = shownRegions(all, '示例全国/省3/市7').map((r) => r.region);
		expect(city).toContain('示例全国/省3/市7/县2'); // its children
		expect(city).toContain('示例全国/省3/市8'); // its siblings
		expect(city).toContain('示例全国/省12'); // its ancestors' siblings
		expect(city).not.toContain('示例全国/省12/市0');
		expect(city).not.toContain('示例全国/省3/市8/县0');
		expect(city).toEqual(all.map((r) => r.region).filter((r) => city.includes(r))); // the order kept
		expect(city.length).toBe(2 + 20 + 20 + 3);
	});
});
