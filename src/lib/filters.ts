/**
 * The dashboard's filters, which live in the URL so that every view is a link a supervisor can
 * send: year, region (a region path prefix), level. Parsed with zod at the boundary.
 */
import { z } from 'zod';
import { AGENCY_LEVELS, type AgencyLevel } from './report/agencies.js';
import { METRICS } from './report/metrics.js';

export const FiltersSchema = z.object({
	year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
	region: z.string().max(200).optional().catch(undefined),
	level: z.enum(AGENCY_LEVELS).optional().catch(undefined)
});
export type Filters = z.infer<typeof FiltersSchema>;

export const MetricKeySchema = z.enum(METRICS.map((m) => m.key) as [string, ...string[]]);

export function parseFilters(url: URL): Filters {
	return FiltersSchema.parse({
		year: url.searchParams.get('year') || undefined,
		region: url.searchParams.get('region') || undefined,
		level: url.searchParams.get('level') || undefined
	});
}

/** A link to `path` keeping the filters, with some changed (null removes one). */
export function withFilters(path: string, f: Record<string, string | number | null | undefined>): string {
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(f)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
	const q = p.toString();
	return q ? `${path}?${q}` : path;
}

/** What a view shows, resolved from the filters by the server (see server/queries/scope.ts). */
export interface Scope {
	region: string;
	year: number;
	level: AgencyLevel | '';
	years: number[];
	/** The region's agencies are generated (fictional) ones. */
	generated: boolean;
	regions: { region: string; reports: number; generated: boolean }[];
	/** What the URL asked for and could not be shown (a region or year without reports): said on the page. */
	notices: string[];
}
