import { z } from 'zod';
import { searchAgencies } from '$lib/server/queries/search';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const q = z
		.string()
		.max(50)
		.catch('')
		.parse(url.searchParams.get('q') ?? '');
	return { q, hits: await searchAgencies(q) };
};
