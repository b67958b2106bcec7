/**
 * Reviews of findings and agencies' replies: every change a row (who, when, what), the latest
 * review the finding's state. A review refers to a finding by its stable id (or the id it had
 * while its agency was known by name: `former_id`), so it stays attached through any rebuild; a
 * reviewed finding that a rebuild no longer finds is 已消除, its history kept.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { select } from '../db.js';
import { audit } from './audit.js';
import { COUNTED_STATES, REVIEW_STATES, type ReviewState } from '../../review.js';

/**
 * SQL: each finding's latest review (state, note, who, when) as `review_state`, joined by the
 * finding's id or former id. For use after `FROM findings f`.
 */
export const LATEST_REVIEW = `LEFT JOIN (
		SELECT finding_id, arg_max(state, id) AS state, arg_max(note, id) AS note, arg_max(username, id) AS reviewer, max("at") AS reviewed_at
		FROM wb.reviews GROUP BY finding_id
	) rv ON rv.finding_id = f.id OR rv.finding_id = f.former_id`;
/** SQL: the finding's state ('open' when never reviewed). */
export const STATE = `coalesce(rv.state, 'open')`;
/** SQL: the findings that count as problems (open and confirmed; workbench review.ts COUNTED_STATES). */
export const COUNTED = `${STATE} IN (${COUNTED_STATES.map((s) => `'${s}'`).join(', ')})`;
/** SQL: a filter on the state; `$state` '' keeps all but dismissed, 'all' keeps all, 'counted' those that count as problems. */
export const STATE_FILTER = `($state = 'all' OR ($state = '' AND ${STATE} <> 'dismissed') OR ($state = 'counted' AND ${COUNTED}) OR ${STATE} = $state)`;

export interface FindingRef {
	id: string;
	agency_id: number;
	year: number;
	rule: string;
	message: string;
}

export async function recordReview(c: DuckDBConnection, username: string, f: FindingRef, state: ReviewState, note: string | null) {
	const before = (await c.runAndReadAll(`SELECT arg_max(state, id) FROM wb.reviews WHERE finding_id = $1`, [f.id])).getRowsJS()[0]?.[0] ?? 'open';
	await c.run(
		`INSERT INTO wb.reviews SELECT coalesce(max(id), 0) + 1, $finding, $agency, $year, $rule, $message, $state, $note, $username, now()::TIMESTAMP FROM wb.reviews`,
		{ finding: f.id, agency: f.agency_id, year: f.year, rule: f.rule, message: f.message, state, note, username } as never
	);
	await audit(c, { actor: username, action: 'finding.review', target: f.id, before: { state: before }, after: { state, note } });
}

export async function recordReply(c: DuckDBConnection, username: string, f: FindingRef, text: string) {
	await c.run(`INSERT INTO wb.replies SELECT coalesce(max(id), 0) + 1, $finding, $agency, $text, $username, now()::TIMESTAMP FROM wb.replies`, {
		finding: f.id,
		agency: f.agency_id,
		text,
		username
	} as never);
	await audit(c, { actor: username, action: 'finding.reply', target: f.id, after: { text } });
}

export const HistoryRow = z.object({
	kind: z.enum(['review', 'reply']),
	finding_id: z.string(),
	state: z.enum(REVIEW_STATES).nullable(),
	text: z.string().nullable(),
	username: z.string(),
	at: z.coerce.string()
});
export type HistoryRow = z.infer<typeof HistoryRow>;

/** Every review and reply of these findings (by id or former id), oldest first. */
export function historyOf(c: DuckDBConnection, ids: string[]) {
	if (!ids.length) return Promise.resolve([]);
	return select(
		c,
		HistoryRow,
		`SELECT kind, finding_id, state, text, username, strftime(ts, '%Y-%m-%d %H:%M') AS "at" FROM (
		   SELECT 'review' AS kind, finding_id, state, note AS text, username, "at" AS ts FROM wb.reviews WHERE list_contains(string_split($ids, ','), finding_id)
		   UNION ALL
		   SELECT 'reply', finding_id, NULL, text, username, "at" FROM wb.replies WHERE list_contains(string_split($ids, ','), finding_id))
		 ORDER BY ts`,
		{ ids: ids.join(',') }
	);
}
