import { parseFilters } from '$lib/filters';
import { resolveScope } from '$lib/server/queries/scope';
import type { LayoutServerLoad } from './$types';

/** The scope (region, year, level) every page shows, from the URL's filters. */
export const load: LayoutServerLoad = async ({ url }) => {
	const scope = await resolveScope(parseFilters(url));
	return { scope };
};
