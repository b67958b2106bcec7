import { z } from 'zod';
import { ruleTitle } from '../../findings.js';
import { defineChart } from '../define.js';
import { rulesBarFromCounts } from '../options.js';

/** 异常: findings by rule and severity; `state=all` or `state=dismissed` counts dismissed and corrected ones too, as the list does. */
export const anomaliesByRule = defineChart({
	name: 'anomalies-by-rule',
	title: () => '发现的问题（按规则）',
	params: z.object({ state: z.string().max(20).optional().catch(undefined) }).transform(({ state }) => ({ all: state === 'all' || state === 'dismissed' })),
	query: 'countsByRule',
	build: (counts) => rulesBarFromCounts(counts, ruleTitle)
});
