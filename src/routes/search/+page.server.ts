import { z } from 'zod';
import { TEXT_PAGE, searchAgencies, searchText, textTerm, searchesText } from '$lib/server/queries/search';
import type { PageServerLoad } from './$types';

const SearchQuery = z.object({
	q: z.string().max(50).catch(''),
	page: z.coerce.number().int().min(1).max(1000).catch(1)
});

export const load: PageServerLoad = async ({ url }) => {
	const { q, page } = SearchQuery.parse({ q: url.searchParams.get('q') ?? '', page: url.searchParams.get('page') ?? undefined });
	const [hits, text] = await Promise.all([searchAgencies(q), searchText(q, page)]);
	return { q, term: textTerm(q), page, perPage: TEXT_PAGE, hits, text, searchesText: searchesText(q) };
};
