import { z } from 'zod';
import { TEXT_PAGE, searchAgencies, searchText, textTerm, searchesText, textYears } from '$lib/server/queries/search';
import type { PageServerLoad } from './$types';

/** The year the text is searched in: every year unless one is chosen (a word is looked for wherever it is), or one. */
const TextYear = z.union([z.literal('all'), z.coerce.number().int().min(1900).max(2200)]);

const SearchQuery = z.object({
	q: z.string().max(50).catch(''),
	page: z.coerce.number().int().min(1).max(1000).catch(1),
	year: TextYear.optional().catch(undefined)
});

export const load: PageServerLoad = async ({ url }) => {
	const {
		q,
		page,
		year: asked
	} = SearchQuery.parse({
		q: url.searchParams.get('q') ?? '',
		page: url.searchParams.get('page') ?? undefined,
		year: url.searchParams.get('year') || undefined
	});
	const years = await textYears();
	const year = typeof asked === 'number' && years.includes(asked) ? asked : null;
	// Said on the page, as every view says a year it could not show.
	const notice = typeof asked === 'number' && asked !== year ? `没有${asked}年度的报告正文，查找的是各年度` : null;
	const [hits, text] = await Promise.all([searchAgencies(q), searchText(q, page, year)]);
	return { q, term: textTerm(q), page, perPage: TEXT_PAGE, hits, text, searchesText: searchesText(q), year, years, notice };
};
