import { z } from 'zod';
import { AgencyIdParam } from '../../report/ids.js';
import { defineChart } from '../define.js';
import { trendLines } from '../options.js';
import { TREND_METRICS } from './overview-trend.js';

/** 单位: one agency's applications and 公开率 over its years (`agency=ID`, whatever the filters); a point opens that year's report. */
export const agencyTrend = defineChart({
	name: 'agency-trend',
	title: () => '历年申请量与公开率',
	params: z.object({ agency: AgencyIdParam }),
	query: 'agencyYears',
	build: ({ years }) =>
		trendLines(
			years.map((y) => ({ year: y.year, ...y.metrics, ...Object.fromEntries(Object.entries(y.bases).map(([k, v]) => [`${k}__n`, v])) })),
			TREND_METRICS
		),
	subject: ({ agency }) => (agency ? { subtitle: agency.name, filePrefix: agency.name, generated: agency.generated } : null)
});
