import { error } from '@sveltejs/kit';
import { parseFilters } from '$lib/filters';
import { resolveScope } from '$lib/server/queries/scope';
import { chartNamed } from '$lib/charts/defs';
import { chartFile, chartInput, type ChartExt } from '$lib/server/charts/serve';
import { cspFor } from '$lib/server/http/headers';
import { chartText } from '$lib/escape';
import type { RequestHandler } from './$types';

/**
 * Any chart of the dashboard without a browser, by its definition's name, with the page's
 * filters and the chart's own parameters: /charts/compare-ranking.png?year=2024&region=…&metric=…,
 * /charts/agency-trend.png?agency=ID. The same for whoever asks (it never reads locals.user): the
 * server keeps each image per data generation for everyone (http/response-cache.ts SAME_FOR_EVERYONE).
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const m = /^([a-z-]+)\.(svg|png|csv)$/.exec(params.file);
	const def = m ? chartNamed(m[1]) : undefined;
	if (!m || !def) error(404, '没有这张图');
	const scope = await resolveScope(parseFilters(url));
	const input = await chartInput(def, scope, url.searchParams);
	// A filter it could not follow is said in the image, as a page says it above its charts.
	const asked = url.searchParams.get('year');
	const said = [...(asked && !/^\d{4}$/.test(asked) ? [`年度「${asked.slice(0, 20)}」无效，显示的是${scope.year}年度`] : []), ...scope.notices];
	if (said.length) input.subject = { ...input.subject, subtitle: chartText(`${input.subject.subtitle}（${said.join('；')}）`) };
	const file = chartFile(def, input, m[2] as ChartExt);
	return new Response(file.body as BodyInit, {
		headers: {
			'content-type': file.type,
			'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff',
			'content-security-policy': cspFor(file.type)
		}
	});
};
