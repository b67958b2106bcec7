/**
 * The part of the data a view shows: a region (path prefix), a year, maybe a level. Every
 * query of the dashboard takes it as bound parameters: $region, $year, $level.
 *
 * Real and generated agencies never share a region (the generated one is 示例省), so a view
 * scoped to a region never mixes them; `generated` says which one it shows.
 */
import { z } from 'zod';
import { cached, query } from '../db.js';
import type { Filters, Scope } from '../../filters.js';
import { currentReviewYear } from './season.js';

export type { Scope };

/** SQL that keeps the rows of table `t` (with an agency's region and level) within the scope's region and level. */
export const inScope = (t: string) => `(${t}.region = $region OR ${t}.region LIKE $region || '/%') AND ($level = '' OR ${t}.level = $level)`;
/** SQL that keeps agency `a` within the scope's region and level. */
export const IN_SCOPE = inScope('a');

const RegionRow = z.object({ region: z.string(), reports: z.number().int(), generated: z.boolean() });
const YearRow = z.object({ year: z.number().int() });

export async function resolveScope(f: Filters): Promise<Scope> {
	// Every prefix of every region, with its number of reports: the region selector, in pinyin order
	// (ICU's zh collation: 福建省, 吉林省, 江苏省 — not by character code). From the
	// reports list (serving.ts), which holds each report's region: no join of a nation's reports.
	const regions = await cached('regions', () =>
		query(
			RegionRow,
			`WITH r AS (SELECT p.region, p.generated, count(*) AS n FROM report_list p GROUP BY ALL),
		      p AS (SELECT array_to_string(list_slice(string_split(region, '/'), 1, k), '/') AS region, generated, n
		            FROM r, range(1, len(string_split(region, '/')) + 1) t(k))
		 SELECT region, sum(n)::INTEGER AS reports, bool_or(generated) AS generated FROM p GROUP BY region ORDER BY region COLLATE zh`
		)
	);
	const known = new Set(regions.map((r) => r.region));
	// The first view is real data when there is any: the largest real province (generated data one click away).
	const tops = regions.filter((r) => !r.region.includes('/')).sort((a, b) => Number(a.generated) - Number(b.generated) || b.reports - a.reports);
	const top = tops[0]?.region ?? '';
	const notices: string[] = [];
	if (f.region && !known.has(f.region)) notices.push(`没有地区「${f.region}」的报告，显示的是「${top}」`);
	const region = f.region && known.has(f.region) ? f.region : top;
	const level = f.level ?? '';
	// The years with reports, and those a report is owed in (the year under review before any has come).
	const years = (
		await cached(`years:${region}:${level}`, () =>
			query(
				YearRow,
				`SELECT year FROM report_list p WHERE ${inScope('p')}
				 UNION SELECT year FROM scope_roster p WHERE p.status IN ('missing', 'received', 'late') AND ${inScope('p')} ORDER BY year`,
				{ region, level }
			)
		)
	).map((r) => r.year);
	const review = await currentReviewYear();
	const fallback = years.includes(review) ? review : (years.filter((y) => y <= review).pop() ?? years[years.length - 1] ?? review);
	const year = f.year && years.includes(f.year) ? f.year : fallback;
	if (f.year && f.year !== year) notices.push(`「${region}」没有${f.year}年度的报告，显示的是${year}年度（可选的年度：${years.join('、')}）`);
	return {
		region,
		year,
		level,
		years,
		generated: regions.find((r) => r.region === region)?.generated ?? false,
		regions: shownRegions(regions, region),
		notices
	};
}

/** Regions the selector lists all of; past this (a nation has ~4,000), the tree along the chosen region. */
export const REGION_LIST_MAX = 300;

/**
 * The regions a page offers to choose from: all of them, or of a nation's thousands the top
 * level, then down the path to the chosen region the children of each region on it (its
 * siblings, its ancestors' siblings, its own children), in the same order.
 */
export function shownRegions<R extends { region: string }>(all: R[], chosen: string): R[] {
	if (all.length <= REGION_LIST_MAX) return all;
	const parent = (r: string) => r.slice(0, Math.max(0, r.lastIndexOf('/')));
	const open = new Set(['']);
	for (let r = chosen; r; r = parent(r)) open.add(r);
	return all.filter((r) => open.has(parent(r.region)));
}

export function params(s: Scope, extra: Record<string, string | number | boolean> = {}): Record<string, string | number | boolean> {
	return { region: s.region, year: s.year, level: s.level, ...extra };
}
