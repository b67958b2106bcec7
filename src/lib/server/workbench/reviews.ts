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

/** SQL: each reviewed finding id's latest review, and that review's id (which of two is later). */
const LATEST = `(SELECT finding_id, arg_max(state, id) AS state, arg_max(note, id) AS note, arg_max(username, id) AS reviewer, max("at") AS reviewed_at, max(id) AS last
	FROM wb.reviews GROUP BY finding_id)`;

/**
 * SQL: each finding's latest review, joined by the finding's id (`rv_id`) and by its former id
 * (`rv_was`); for use after `FROM findings f` (or scope_findings), read through STATE, NOTE and
 * REVIEWER, which take the later of the two. Two equality joins: a join on `id OR former_id`
 * compared every finding in scope with every review (a nested loop: 110 ms at 137k reports and
 * 5,000 reviews, growing with both).
 */
export const LATEST_REVIEW = `LEFT JOIN ${LATEST} rv_id ON rv_id.finding_id = f.id LEFT JOIN ${LATEST} rv_was ON rv_was.finding_id = f.former_id`;
/** SQL: the review under the former id is the one that counts (it is the later, or the only one). */
const WAS_LATER = `(rv_was.last IS NOT NULL AND (rv_id.last IS NULL OR rv_was.last > rv_id.last))`;
const latest = (col: string) => `(CASE WHEN ${WAS_LATER} THEN rv_was.${col} ELSE rv_id.${col} END)`;
/** SQL: the finding's state ('open' when never reviewed). */
export const STATE = `coalesce(${latest('state')}, 'open')`;
/** SQL: the latest review's note, reviewer, state (NULL when never reviewed) and time. */
export const NOTE = latest('note');
export const REVIEWER = latest('reviewer');
export const REVIEW_STATE = latest('state');
export const REVIEWED_AT = latest('reviewed_at');
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
