import { parseFilters } from '$lib/filters';
import { resolveScope } from '$lib/server/queries/scope';
import type { LayoutServerLoad } from './$types';

/** The scope (region, year, level) every page shows, from the URL's filters; and who is signed in. */
export const load: LayoutServerLoad = async ({ url, locals }) => {
	const scope = await resolveScope(parseFilters(url));
	return { scope, user: locals.user };
};
