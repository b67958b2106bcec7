/**
 * The roster of a scope and year: who owes that year's report and what became of it — the one
 * definition behind every 应报 / 已收 / 缺报 the dashboard, the documents and the API show
 * (the `roster` table the checks write: build/roster.ts). Counts keep 应报 = 已收 + 缺报: a late
 * report is received (and counted as late too); a report not yet due is neither.
 */
import { z } from 'zod';
import { query } from '../db.js';
import { Id, Level } from './columns.js';
import { IN_SCOPE, inScope, params, type Scope } from './scope.js';
import { ROSTER_STATUSES } from '../../report/season.js';

const RosterCounts = z.object({
	owed: z.number().int(),
	received: z.number().int(),
	late: z.number().int(),
	missing: z.number().int(),
	pending: z.number().int(),
	/** Received reports whose publication date is not known (never called late). */
	undated: z.number().int()
});
export type RosterCounts = z.infer<typeof RosterCounts>;

const COUNTS = `count(*) FILTER (WHERE r.status IN ('received', 'late', 'missing'))::INTEGER AS owed,
	count(*) FILTER (WHERE r.status IN ('received', 'late'))::INTEGER AS received,
	count(*) FILTER (WHERE r.status = 'late')::INTEGER AS late,
	count(*) FILTER (WHERE r.status = 'missing')::INTEGER AS missing,
	count(*) FILTER (WHERE r.status = 'pending')::INTEGER AS pending,
	count(*) FILTER (WHERE r.status IN ('received', 'late') AND r.published_date IS NULL)::INTEGER AS undated`;

/** 应报, 已收, 逾期, 缺报, 未到期 of the scope's year. */
export async function rosterCounts(s: Scope, year = s.year): Promise<RosterCounts> {
	const [row] = await query(RosterCounts, `SELECT ${COUNTS} FROM scope_roster r WHERE r.year = $year AND ${inScope('r')}`, params(s, { year }));
	return row;
}

/** The same for every year of the scope at once (the 缺报 page's columns). */
export function rosterCountsByYear(s: Scope) {
	return query(
		RosterCounts.extend({ year: z.number().int() }),
		`SELECT r.year, ${COUNTS} FROM scope_roster r WHERE ${inScope('r')} GROUP BY r.year ORDER BY r.year`,
		params(s)
	);
}

export const RosterEntry = z.object({
	id: Id,
	name: z.string(),
	level: Level,
	region: z.string(),
	status: z.enum(ROSTER_STATUSES),
	due: z.string(),
	published: z.string().nullable(),
	published_source: z.string().nullable(),
	days_late: z.number().int().nullable(),
	report_id: Id.nullable()
});
export type RosterEntry = z.infer<typeof RosterEntry>;

/**
 * Every agency of the scope with its status in the year, missing first, then late, not yet due,
 * received, each by name in Chinese order (orders made at ingest: serving.ts); those not owed
 * (no roster row that year) after them, only with `all`. At most `limit`.
 */
export function rosterEntries(s: Scope, opts: { year?: number; all?: boolean; status?: string; limit?: number } = {}) {
	return query(
		RosterEntry,
		`SELECT * FROM (
		   SELECT r.agency_id AS id, r.agency AS name, r.level, r.region, r.status, r.due, r.published_date AS published, r.published_source, r.days_late, r.report_id,
		          r.status_rank AS rank, r.name_order AS ord
		   FROM scope_roster r WHERE r.year = $year AND ${inScope('r')} AND ($status = '' OR r.status = $status)
		   UNION ALL
		   SELECT a.id, a.name, a.level, a.region, 'not_owed', printf('%d-%s', $year + 1, a.due), NULL, NULL, NULL, NULL, 5, NULL
		   FROM agencies a WHERE $all AND $status IN ('', 'not_owed') AND ${IN_SCOPE}
		     AND NOT EXISTS (SELECT 1 FROM roster x WHERE x.agency_id = a.id AND x.year = $year))
		 ORDER BY rank, ord, CASE WHEN ord IS NULL THEN name END COLLATE zh, id
		 LIMIT $limit`,
		params(s, { year: opts.year ?? s.year, all: opts.all ?? false, status: opts.status ?? '', limit: opts.limit ?? 100_000 })
	);
}

/** An agency's roster over the years, latest first (its page). */
export function rosterOfAgency(agencyId: number) {
	return query(
		RosterEntry.pick({ status: true, due: true, published: true, published_source: true, days_late: true, report_id: true }).extend({ year: z.number().int() }),
		`SELECT year, status, due, published_date AS published, published_source, days_late, report_id FROM roster WHERE agency_id = $agency ORDER BY year DESC`,
		{ agency: agencyId }
	);
}

/** The years an agency owes and has not sent — past due, or not yet — as of the last check (its own landing page). */
export function owedYearsOf(agencyId: number) {
	return query(
		z.object({ year: z.number().int(), due: z.string(), status: z.enum(['missing', 'pending']) }),
		`SELECT year, due, status FROM roster WHERE agency_id = $agency AND status IN ('missing', 'pending') ORDER BY year DESC`,
		{ agency: agencyId }
	);
}

/** One agency's row of the year (a 催报通知's facts). */
export async function rosterEntryOf(agencyId: number, year: number): Promise<{ status: string; due: string } | null> {
	const rows = await query(
		z.object({ status: z.enum(ROSTER_STATUSES), due: z.string() }),
		`SELECT status, due FROM roster WHERE agency_id = $agency AND year = $year`,
		{
			agency: agencyId,
			year
		}
	);
	return rows[0] ?? null;
}
