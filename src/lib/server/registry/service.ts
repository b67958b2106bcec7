/**
 * The registry's changes, as reviewers and admins make them (`POST /api/registry`, the registry
 * page): permission asked here, the change written to the registry file (build/registry-amend.ts:
 * atomic, one at a time), audited (who, when, what, each changed row before and after), and an
 * ingest queued so that the dashboard follows (ingests.ts).
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { dbPath, select, type Host } from '../db.js';
import { authorize, type SessionUser } from '../auth/roles.js';
import { editRegistry, RegistryRefused, type Amendment, type RegistryEdit } from '../../build/registry-amend.js';
import { registryPath } from '../ingest-queue.js';
import { MAX_REGISTRY_ID } from '../../report/ids.js';
import { audit } from '../workbench/audit.js';
import { UserError } from '../workbench/users.js';
import { requestIngest, type RegistryIngest } from './ingests.js';
import type { RegistryOp } from './input.js';

export interface RegistryChange {
	/** The agency the change was about (a new one's id). */
	agency_id: number;
	/** False when the registry already said so: nothing written, nothing to ingest. */
	changed: boolean;
	/** How many rows of the registry it changed (a move: the agency's descendants too). */
	rows: number;
	/** The ingest that brings the dashboard in line; follow it at `GET /api/registry/ingests/{id}`. */
	ingest: RegistryIngest | null;
}

/** The change as the registry's writer takes it; a merge's last year defaults to the year before this one. */
export function amendmentOf(op: RegistryOp, now = new Date()): Amendment {
	switch (op.op) {
		case 'add': {
			const { op: _op, ...add } = op;
			return { add, alias: null };
		}
		case 'rename':
			return { rename: op.id, name: op.name };
		case 'move':
			return { move: op.id, parent_id: op.parent_id, region: op.region ?? null };
		case 'merge':
			return { merge: op.id, into: op.into, last_year: op.last_year ?? now.getFullYear() - 1 };
		case 'close':
			return { close: op.id, last_year: op.last_year };
	}
}

const Ids = z.object({ id: z.coerce.number() });

/** Ids another registry holds (a generated corpus's, in the served database): a new agency does not take them. */
async function takenIds(h: Host): Promise<Set<number>> {
	if (!existsSync(dbPath())) return new Set();
	const rows = await h.read((c) => select(c, Ids, `SELECT id FROM agencies WHERE id <= $1`, [MAX_REGISTRY_ID]));
	return new Set(rows.map((r) => r.id));
}

/** Rows kept in an audit entry; a move of a large subtree says how many more there were. */
const AUDITED_ROWS = 200;

function audited(changed: RegistryEdit['changed'], side: 'before' | 'after') {
	const rows = Object.fromEntries(changed.slice(0, AUDITED_ROWS).map((c) => [c.id, c[side]]));
	return changed.length > AUDITED_ROWS ? { rows, more: changed.length - AUDITED_ROWS } : { rows };
}

export async function changeRegistry(h: Host, user: SessionUser | null, op: RegistryOp): Promise<RegistryChange> {
	const u = authorize(user, 'manage_registry');
	let edit: RegistryEdit;
	try {
		edit = await editRegistry(registryPath(), [amendmentOf(op)], await takenIds(h));
	} catch (e) {
		if (e instanceof RegistryRefused) throw new UserError(e.message);
		throw e;
	}
	const [id] = edit.ids;
	if (!edit.changed.length) return { agency_id: id, changed: false, rows: 0, ingest: null };
	await h.write((c) =>
		audit(c, {
			actor: u.username,
			action: `registry.${op.op}`,
			target: `agency:${id}`,
			before: audited(edit.changed, 'before'),
			after: audited(edit.changed, 'after')
		})
	);
	return { agency_id: id, changed: true, rows: edit.changed.length, ingest: requestIngest(h, u.username) };
}
