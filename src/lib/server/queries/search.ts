/** Finding an agency by any part of its name. */
import { z } from 'zod';
import { query } from '../db.js';
import { Id, Level } from './columns.js';

const Hit = z.object({ id: Id, name: z.string(), level: Level, region: z.string(), generated: z.boolean(), reports: z.number().int() });

export function searchAgencies(q: string, limit = 30) {
	const term = q.trim().replace(/\s+/g, '');
	if (!term) return Promise.resolve([]);
	return query(
		Hit,
		// The hits first, then their reports counted: not every agency's.
		`WITH hits AS (SELECT a.id, a.name, a.level, a.region, a.generated FROM agencies a WHERE contains(a.name, $q) OR contains(coalesce(a.aliases, ''), $q)
		               ORDER BY length(a.name), a.name LIMIT $limit)
		 SELECT h.*, (SELECT count(*) FROM reports r WHERE r.agency_id = h.id)::INTEGER AS reports FROM hits h ORDER BY length(h.name), h.name`,
		{ q: term, limit }
	);
}
