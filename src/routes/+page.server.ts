import { listSourceReports } from '$lib/server/source-reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const files = await listSourceReports();
	// Only what the page draws: no section texts, no cell grids.
	return {
		reports: files.map((f) => ({
			path: f.path,
			error: f.error ?? null,
			agency: f.report?.agency ?? null,
			year: f.report?.year ?? null,
			template: f.report?.template ?? null,
			format: f.report?.format ?? null,
			newReceived: f.report?.applications.new_received.total ?? null,
			warnings: f.report?.warnings.map((w) => w.message) ?? []
		}))
	};
};
