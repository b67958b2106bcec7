import { z } from 'zod';
import { defineChart } from '../define.js';
import { outcomeBars } from '../options.js';

/** 总览: how the scope's applications of the year ended, by outcome group. */
export const overviewOutcomes = defineChart({
	name: 'overview-outcomes',
	title: () => '办理结果构成',
	params: z.object({}),
	query: 'outcomeComposition',
	build: (rows) => outcomeBars(rows)
});
