import { z } from 'zod';
import { defineChart } from '../define.js';
import { qualityBar } from '../options.js';

/** 对比: the reports of the year ranked by 质量评分. */
export const compareQuality = defineChart({
	name: 'compare-quality',
	title: () => '各单位年报质量评分',
	params: z.object({}),
	query: 'qualityRanking',
	build: (rows) => qualityBar(rows)
});
