/**
 * A chart definition served: its named query run for a scope and the chart's parameters (by the
 * page's loader and by the image endpoint alike), and the result drawn as SVG, PNG or CSV the way
 * a page exports it (title, what it is of, notes and source line in the image).
 */
import { error } from '@sveltejs/kit';
import type { ChartDef, ChartInput, QueryName, QueryParams } from '../../charts/define.js';
import { csvOf } from '../../charts/export.js';
import { exportHeight, exportOption, sourceLine, type Built } from '../../charts/options.js';
import { fileName, scopeSubject } from '../../charts/titles.js';
import type { Scope } from '../queries/scope.js';
import { renderPng, renderSvg } from './render.js';
import { CHART_QUERIES } from './sources.js';

/** Images are drawn this wide; their height is the chart's own (sized to its rows). */
export const IMAGE_WIDTH = 900;

/** Search parameters as the object a chart's zod schema parses. */
function searchObject(search: URLSearchParams | Record<string, string>): Record<string, string> {
	return search instanceof URLSearchParams ? Object.fromEntries(search) : search;
}

/**
 * What a chart draws for a scope: its parameters parsed from the URL (400 when they do not
 * parse), its query's result, and what it is of (404 when that does not exist).
 */
export async function chartInput<Q extends QueryName, P extends QueryParams<Q>>(
	def: ChartDef<Q, P>,
	scope: Scope,
	search: URLSearchParams | Record<string, string>
): Promise<ChartInput<Q, P>> {
	const parsed = def.params.safeParse(searchObject(search));
	if (!parsed.success) error(400, `参数不对：${parsed.error.issues.map((i) => i.path.join('.')).join('、')}`);
	const params = parsed.data;
	// defineChart checked that P fits the query; TypeScript cannot follow Q through the map.
	const run = CHART_QUERIES[def.query] as unknown as (s: Scope, p: P) => Promise<ChartInput<Q, P>['result']>;
	const result = await run(scope, params);
	const subject = def.subject ? def.subject(result) : scopeSubject(scope);
	if (!subject) error(404, '没有这个单位');
	return { params, result, subject };
}

/** The chart drawn: its title and built option. */
export function drawChart<Q extends QueryName, P extends QueryParams<Q>>(def: ChartDef<Q, P>, input: ChartInput<Q, P>): { title: string; built: Built } {
	return { title: def.title(input.params), built: def.build(input.result, input.params) };
}

export const CHART_TYPES = { svg: 'image/svg+xml', png: 'image/png', csv: 'text/csv; charset=utf-8' } as const;
export type ChartExt = keyof typeof CHART_TYPES;

/** The chart as a file: SVG and PNG as a page exports it, CSV its data. */
export function chartFile<Q extends QueryName, P extends QueryParams<Q>>(
	def: ChartDef<Q, P>,
	input: ChartInput<Q, P>,
	ext: ChartExt
): { name: string; type: string; body: string | Uint8Array } {
	const { title, built } = drawChart(def, input);
	const name = `${fileName(input.subject.filePrefix, title)}.${ext}`;
	if (ext === 'csv') return { name, type: CHART_TYPES.csv, body: csvOf(built.table) };
	const labels = { title, subtitle: input.subject.subtitle, source: sourceLine(input.subject.generated), notes: built.notes };
	const svg = renderSvg(exportOption(built.option, labels), IMAGE_WIDTH, exportHeight(built.height, built.notes.length));
	return { name, type: CHART_TYPES[ext], body: ext === 'svg' ? svg : renderPng(svg, 2) };
}
