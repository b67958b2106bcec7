import { describe, expect, it } from 'vitest';
import { QUALITY, QUALITY_DIMENSIONS, qualityScore } from './quality.js';
import { RULES } from './rules.js';

describe('质量评分', () => {
	it('is 100 for a report with no standing finding, its weights summing to 100', () => {
		expect(QUALITY_DIMENSIONS.reduce((s, d) => s + QUALITY[d].weight, 0)).toBe(100);
		expect(qualityScore([]).total).toBe(100);
	});
	it('takes each finding’s share from its own dimension, down to zero and no further', () => {
		const s = qualityScore([{ rule: 't3_balance', severity: 'error' }]);
		expect(s.parts.find((p) => p.dimension === 'accuracy')).toMatchObject({ score: 19.8, findings: 1 });
		expect(s.total).toBe(89.8);
		const late = qualityScore([{ rule: 'late_publication', severity: 'warning' }]);
		expect(late.parts.find((p) => p.dimension === 'timeliness')!.score).toBe(0);
		const many = qualityScore(Array.from({ length: 9 }, () => ({ rule: 't3_row_total', severity: 'error' as const })));
		expect(many.parts.find((p) => p.dimension === 'accuracy')!.score).toBe(0);
		expect(many.total).toBe(70);
	});
	it('counts only rules that exist', () => {
		const ids = new Set<string>(RULES.map((r) => r.id));
		for (const d of QUALITY_DIMENSIONS) for (const r of QUALITY[d].rules) expect(ids.has(r), r).toBe(true);
	});
});
