/**
 * A chart, defined once: its stable name, its title, its own URL parameters (zod), the named
 * query it draws and how its ECharts option is built from that query's result. The page's loader
 * runs the query and its page builds the option (`Chart.svelte`); `/charts/<name>.svg|png|csv`
 * runs the same query and the same build on the server (`server/charts/serve.ts`).
 *
 * The query is named, not imported: queries are server code, and a definition is imported by
 * pages that run in the browser. Only the queries' types come from the server (`import type`
 * is erased, so no server module reaches the client bundle, as with SvelteKit's own `$types`).
 */
import type { z } from 'zod';
import type { ChartQueries } from '../server/charts/sources.js';
import type { Built } from './options.js';

export type QueryName = keyof ChartQueries;
export type QueryResult<Q extends QueryName> = Awaited<ReturnType<ChartQueries[Q]>>;
/** What a query takes besides the scope (`{}` when nothing). */
export type QueryParams<Q extends QueryName> = Parameters<ChartQueries[Q]> extends [unknown, infer P] ? P : object;

/** What a chart is of, as its exports print it: the filters' scope, or one agency. */
export interface Subject {
	/** Under the title: 2024年 · 示例省/示例市（乡镇（街道）), or an agency's name. */
	subtitle: string;
	/** The start of its files' names: 2024年-示例市, or the agency's name. */
	filePrefix: string;
	/** Generated data: the source line says so. */
	generated: boolean;
}

export interface ChartDef<Q extends QueryName = QueryName, P extends QueryParams<Q> = QueryParams<Q>> {
	/** Stable: `data-chart="<name>"` on the page, `/charts/<name>.png` on the server. */
	name: string;
	/** The Chinese title, on the page and in every export. */
	title(p: P): string;
	/** The chart's own URL parameters beyond the filters (year, region, level). */
	params: z.ZodType<P, unknown>;
	/** The named query it draws (`server/charts/sources.ts`), given the scope and `params`. */
	query: Q;
	build(result: QueryResult<Q>, p: P): Built;
	/** What the chart is of when it is not the filters' scope; null when that does not exist (404). */
	subject?(result: QueryResult<Q>): Subject | null;
}

/** The identity, typed: the query's result flows into `build`, the params into the query. */
export function defineChart<Q extends QueryName, P extends QueryParams<Q>>(def: ChartDef<Q, P>): ChartDef<Q, P> {
	return def;
}

/** What a loader hands its page for one chart (and the image endpoint renders). */
export interface ChartInput<Q extends QueryName = QueryName, P = QueryParams<Q>> {
	params: P;
	result: QueryResult<Q>;
	subject: Subject;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of charts of different queries
export type AnyChartDef = ChartDef<any, any>;
