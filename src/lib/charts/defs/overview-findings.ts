import { z } from 'zod';
import { ruleTitle } from '../../findings.js';
import { defineChart } from '../define.js';
import { rulesBarFromCounts } from '../options.js';

/** 总览: the year's standing findings by rule and severity; a bar opens 异常 on that rule. */
export const overviewFindings = defineChart({
	name: 'overview-findings',
	title: () => '发现的问题（按规则）',
	params: z.object({}),
	query: 'findingsByRule',
	build: (counts) => rulesBarFromCounts(counts, ruleTitle)
});
