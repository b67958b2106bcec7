import { z } from 'zod';
import { defineChart } from '../define.js';
import { volumeScatter } from '../options.js';

/** 对比: each agency's applications against its 公开率. */
export const compareScatter = defineChart({
	name: 'compare-scatter',
	title: () => '申请量与公开率',
	params: z.object({}),
	query: 'volumeVsDisclosure',
	build: (rows) => volumeScatter(rows)
});
