import { parseFilters } from '$lib/filters';
import { resolveScope } from '$lib/server/queries/scope';
import { can } from '$lib/server/auth/roles';
import type { LayoutServerLoad } from './$types';

/** The scope (region, year, level) every page shows, from the URL's filters; who is signed in, and the links theirs to follow. */
export const load: LayoutServerLoad = async ({ url, locals }) => {
	const scope = await resolveScope(parseFilters(url));
	return { scope, user: locals.user, canRegistry: can(locals.user, 'manage_registry') };
};
