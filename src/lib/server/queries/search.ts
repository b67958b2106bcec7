/** Finding an agency by any part of its name. */
import { z } from 'zod';
import { query } from '../db.js';
import { Id, Level } from './columns.js';
import { MAX_REGISTRY_ID } from '../../report/ids.js';

const Hit = z.object({ id: Id, name: z.string(), level: Level, region: z.string(), generated: z.boolean(), reports: z.number().int() });

export function searchAgencies(q: string, limit = 30) {
	const term = q.trim().replace(/\s+/g, '');
	if (!term) return Promise.resolve([]);
	return query(
		Hit,
		`SELECT a.id, a.name, a.level, a.region, a.generated, (SELECT count(*) FROM reports r WHERE r.agency_id = a.id)::INTEGER AS reports
		 FROM agencies a WHERE contains(a.name, $q) OR contains(coalesce(a.aliases, ''), $q)
		 ORDER BY length(a.name), a.name LIMIT $limit`,
		{ q: term, limit }
	);
}

const RegistryHit = z.object({ id: Id, name: z.string(), level: Level, region: z.string() });

/**
 * The registry's agencies (real ones: not generated, not known only by a report's name) by any
 * part of a name or alias: what an upload's preview offers to credit a report to, or as a parent.
 */
export function searchRegistry(q: string, limit = 20) {
	const term = q.trim().replace(/\s+/g, '');
	if (!term) return Promise.resolve([]);
	return query(
		RegistryHit,
		`SELECT a.id, a.name, a.level, a.region FROM agencies a
		 WHERE a.id <= $max AND NOT a.generated AND (contains(a.name, $q) OR contains(coalesce(a.aliases, ''), $q))
		 ORDER BY length(a.name), a.name LIMIT $limit`,
		{ q: term, limit, max: MAX_REGISTRY_ID }
	);
}
