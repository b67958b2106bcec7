/** One agency over the years. */
import { z } from 'zod';
import { query } from '../db.js';
import { Format, Id, Level, Template } from './columns.js';

export const AgencyRow = z.object({
	id: Id,
	name: z.string(),
	level: Level,
	region: z.string(),
	generated: z.boolean(),
	needs_review: z.boolean(),
	parent_id: Id.nullable(),
	parent: z.string().nullable()
});

/** The names of some agencies, by id (those the registry knows). */
export function agencyNamesOf(ids: number[]) {
	if (!ids.length) return Promise.resolve([]);
	return query(
		z.object({ id: z.coerce.number(), name: z.string() }),
		`SELECT id, name FROM agencies WHERE list_contains(CAST(string_split($ids, ',') AS BIGINT[]), id)`,
		{
			ids: ids.join(',')
		}
	);
}

export async function agency(id: number) {
	const [row] = await query(
		AgencyRow,
		`SELECT a.id, a.name, a.level, a.region, a.generated, a.needs_review, a.parent_id, p.name AS parent FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id WHERE a.id = $id`,
		{ id }
	);
	return row ?? null;
}

const Survivor = z.object({ id: Id });

/** 撤并: the agency that took this one over (its page shows this one's reports), when that one is not merged away itself; else null. */
export async function survivorOf(id: number): Promise<number | null> {
	const [row] = await query(
		Survivor,
		`SELECT s.id FROM agencies a JOIN agencies s ON s.id = a.merged_into WHERE a.id = $id AND s.merged_into IS NULL AND s.id <> $id`,
		{
			id
		}
	);
	return row?.id ?? null;
}

const Merged = z.object({ id: Id, name: z.string(), last_year: z.number().int().nullable() });

/** The agencies merged into this one (撤并): their reports stay theirs, and are shown under it. */
export function mergedInto(id: number) {
	return query(Merged, `SELECT id, name, last_year FROM agencies WHERE merged_into = $id AND id <> $id ORDER BY name`, { id });
}

const Year = z.object({
	report_id: Id,
	year: z.number().int(),
	template: Template,
	format: Format,
	metric: z.string(),
	value: z.number().nullable(),
	denominator: z.number().nullable()
});

export async function agencyYears(id: number) {
	const rows = await query(
		Year,
		`SELECT r.id AS report_id, r.year, r.template, r.format, m.metric, m.value, m.denominator FROM reports r JOIN metrics m ON m.report_id = r.id WHERE r.agency_id = $id ORDER BY r.year, m.metric`,
		{ id }
	);
	const years = [...new Set(rows.map((r) => r.year))];
	return years.map((year) => {
		const mine = rows.filter((r) => r.year === year);
		return {
			year,
			report_id: mine[0].report_id,
			template: mine[0].template,
			format: mine[0].format,
			metrics: Object.fromEntries(mine.map((r) => [r.metric, r.value])) as Record<string, number | null>,
			bases: Object.fromEntries(mine.map((r) => [r.metric, r.denominator])) as Record<string, number | null>
		};
	});
}

const Carry = z.object({ year: z.number().int(), carried_over: z.number().nullable(), carried_forward: z.number().nullable() });

export function carryChain(id: number) {
	return query(
		Carry,
		`SELECT r.year, max(c.value) FILTER (WHERE c.row_key = 'carried_over') AS carried_over, max(c.value) FILTER (WHERE c.row_key = 'carried_forward') AS carried_forward
		 FROM reports r JOIN cells c ON c.report_id = r.id AND c.table_key = 'applications' AND c.col_key = 'total' AND c.row_key IN ('carried_over', 'carried_forward')
		 WHERE r.agency_id = $id GROUP BY r.year ORDER BY r.year`,
		{ id }
	);
}

/** A peer, its latest 新收申请 and the year of the report that gives it. */
const Peer = z.object({ id: Id, name: z.string(), received: z.number().nullable(), year: z.number().int().nullable() });

/**
 * Agencies of the same level in the same region, with their latest applications (新收申请 of
 * their latest report that gives it): the 30 chosen first, then only theirs read from the reports
 * list (a nation's every report was read when asked per agency in a subquery).
 */
export function peers(id: number) {
	return query(
		Peer,
		`WITH me AS (SELECT level, parent_id, region FROM agencies WHERE id = $id),
		      p AS (SELECT a.id, a.name FROM agencies a, me WHERE a.level = me.level AND a.region = me.region AND a.id <> $id ORDER BY a.name LIMIT 30),
		      latest AS (SELECT l.agency_id, arg_max(l.new_received, l.year) AS received, max(l.year) AS year FROM report_list l
		                 WHERE l.agency_id IN (SELECT id FROM p) AND l.new_received IS NOT NULL GROUP BY l.agency_id)
		 SELECT p.id, p.name, latest.received, latest.year FROM p LEFT JOIN latest ON latest.agency_id = p.id ORDER BY p.name`,
		{ id }
	);
}
