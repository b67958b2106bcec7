/**
 * Every chart of the dashboard, by name: what `/charts/<name>.svg|png|csv` serves. A chart is
 * its definition file here (and its line below), the page that shows it, and its test.
 */
import type { AnyChartDef } from '../define.js';
import { agencyTrend } from './agency-trend.js';
import { anomaliesByRule } from './anomalies-by-rule.js';
import { compareHeatmap } from './compare-heatmap.js';
import { compareQuality } from './compare-quality.js';
import { compareRanking } from './compare-ranking.js';
import { compareScatter } from './compare-scatter.js';
import { compareShares } from './compare-shares.js';
import { overviewFindings } from './overview-findings.js';
import { overviewOutcomes } from './overview-outcomes.js';
import { overviewTrend } from './overview-trend.js';

export const CHARTS: readonly AnyChartDef[] = [
	overviewTrend,
	overviewOutcomes,
	overviewFindings,
	anomaliesByRule,
	compareRanking,
	compareQuality,
	compareShares,
	compareScatter,
	compareHeatmap,
	agencyTrend
];

/** The chart of that name, or undefined (a name from a URL: own entries only). */
export function chartNamed(name: string): AnyChartDef | undefined {
	return CHARTS.find((c) => c.name === name);
}
