import { z } from 'zod';
import { defineChart } from '../define.js';
import { outcomeShares } from '../options.js';

/** 对比: the outcome composition of the agencies with most applications handled, each bar 100%. */
export const compareShares = defineChart({
	name: 'compare-shares',
	title: () => '办理结果构成（申请量前20的单位）',
	params: z.object({}),
	query: 'outcomesByAgency',
	build: (rows) => outcomeShares(rows)
});
