import { error } from '@sveltejs/kit';
import { parseFilters } from '$lib/filters';
import { resolveScope } from '$lib/server/queries/scope';
import { SERVED_CHARTS } from '$lib/server/charts/registry';
import { renderPng, renderSvg } from '$lib/server/charts/render';
import { exportOption, sourceLine } from '$lib/charts/options';
import { chartFilename, filtersLine } from '$lib/charts/titles';
import { csvOf } from '$lib/charts/export';
import { LEVEL_LABELS } from '$lib/report/agencies';
import { cspFor } from '$lib/server/http/headers';
import type { RequestHandler } from './$types';

const TYPES = { svg: 'image/svg+xml', png: 'image/png', csv: 'text/csv; charset=utf-8' } as const;

/**
 * Any chart of the dashboard without a browser: /charts/compare-ranking.png?year=2024&region=…
 * The same for whoever asks (it never reads locals.user): the server keeps each image per data
 * generation for everyone (http/response-cache.ts SAME_FOR_EVERYONE).
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const m = /^([a-z-]+)\.(svg|png|csv)$/.exec(params.file);
	// Own names only: `constructor` or `__proto__` is no chart (no lookup through the prototype).
	if (!m || !Object.hasOwn(SERVED_CHARTS, m[1])) error(404, '没有这张图');
	const chart = SERVED_CHARTS[m[1] as keyof typeof SERVED_CHARTS];
	const ext = m[2] as keyof typeof TYPES;
	const scope = await resolveScope(parseFilters(url));
	const { title, built } = await chart.build(scope, url);
	const name = chartFilename(scope, title);
	let body: string | Uint8Array;
	if (ext === 'csv') body = csvOf(built.table);
	else {
		const labels = {
			title,
			subtitle: filtersLine({ ...scope, levelLabel: scope.level ? LEVEL_LABELS[scope.level] : undefined }),
			source: sourceLine(scope.generated)
		};
		const svg = renderSvg(exportOption(built.option, labels), chart.width, chart.height);
		body = ext === 'svg' ? svg : renderPng(svg, 2);
	}
	return new Response(body as BodyInit, {
		headers: {
			'content-type': TYPES[ext],
			'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(`${name}.${ext}`)}`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff',
			'content-security-policy': cspFor(TYPES[ext])
		}
	});
};
