/** The audit log: every write to the workbench leaves a row — who, when, what, before and after. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { select } from '../db.js';

export interface AuditEntry {
	actor: string;
	action: string;
	target?: string | null;
	before?: unknown;
	after?: unknown;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** Written on the connection of the write it records, inside its transaction: both are kept, or neither. */
export async function audit(c: DuckDBConnection, e: AuditEntry) {
	await c.run(`INSERT INTO wb.audit SELECT coalesce(max(id), 0) + 1, now()::TIMESTAMP, $actor, $action, $target, $before, $after FROM wb.audit`, {
		actor: e.actor,
		action: e.action,
		target: e.target ?? null,
		before: json(e.before),
		after: json(e.after)
	} as never);
}

export const AuditRow = z.object({
	id: z.number().int(),
	at: z.coerce.string(),
	actor: z.string(),
	action: z.string(),
	target: z.string().nullable(),
	before: z.string().nullable(),
	after: z.string().nullable()
});
export type AuditRow = z.infer<typeof AuditRow>;

export interface AuditFilter {
	actor?: string;
	action?: string;
	target?: string;
	limit?: number;
}

export function listAudit(c: DuckDBConnection, f: AuditFilter) {
	return select(
		c,
		AuditRow,
		`SELECT id, strftime("at", '%Y-%m-%d %H:%M:%S') AS "at", actor, action, target, before, after FROM wb.audit
		 WHERE ($actor = '' OR actor = $actor) AND ($action = '' OR action = $action) AND ($target = '' OR contains(coalesce(target, ''), $target))
		 ORDER BY id DESC LIMIT $limit`,
		{ actor: f.actor ?? '', action: f.action ?? '', target: f.target ?? '', limit: Math.min(f.limit ?? 200, 1000) }
	);
}
