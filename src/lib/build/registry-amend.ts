/**
 * Changes to the registry file (data/agencies.csv) that people decide (registry-edits.ts: an
 * upload's choices, and the registry's own page). The registry is what the derived database is
 * rebuilt from, so a decision lives there (the workbench keeps who decided what, when). The file
 * is rewritten whole — every other row as it was, every field guarded against formula injection —
 * into a temporary file, checked by the registry's own reader, and renamed into place: a reader
 * never sees half of it. Changes to one file are made one at a time within the process.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Registry, readRegistryCsv } from './registry.js';
import { RegistryTable, type RowRecord } from './registry-table.js';
import { RegistryRefused, applyAmendment, checkStructure, namesOf, type Amendment } from './registry-edits.js';

export { RegistryRefused, type Amendment, type NewAgencyRow } from './registry-edits.js';
export type { RowRecord } from './registry-table.js';

/** What a change did: each amendment's agency id, and every row it changed (before → after). */
export interface RegistryEdit {
	ids: number[];
	changed: { id: number; before: RowRecord | null; after: RowRecord | null }[];
}

/** The changes under way, per file: each waits for the one before (an upload's commit and the registry page alike). */
const queues = new Map<string, Promise<unknown>>();

function oneAtATime<T>(file: string, fn: () => Promise<T>): Promise<T> {
	const key = path.resolve(file);
	const run = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
	const settled = run.then(
		() => {},
		() => {}
	);
	queues.set(key, settled);
	void settled.then(() => queues.get(key) === settled && queues.delete(key));
	return run;
}

/**
 * Applies the amendments to the registry file, in order; returns each one's agency id (a new
 * agency's id follows the file's highest, skipping `takenIds`: another registry's, such as a
 * generated corpus's). Refuses (RegistryRefused) an amendment that names an agency the file
 * does not hold, or after which a name would not be matched to the agency meant.
 */
export async function amendRegistry(file: string, amendments: Amendment[], takenIds: ReadonlySet<number> = new Set()): Promise<number[]> {
	return (await editRegistry(file, amendments, takenIds)).ids;
}

/** amendRegistry, saying what changed; a change that changes nothing leaves the file untouched. */
export function editRegistry(file: string, amendments: Amendment[], takenIds: ReadonlySet<number> = new Set()): Promise<RegistryEdit> {
	return oneAtATime(file, async () => {
		const exists = existsSync(file);
		const text = exists ? await readFile(file, 'utf8') : null;
		const table = RegistryTable.parse(text);
		const before = exists ? new Registry(await readRegistryCsv(file, false)) : new Registry([]);
		const was = new Map(table.rows.map((r) => [table.id(r), table.record(r)]));
		let next = Math.max(0, ...table.rows.map((r) => table.id(r))) + 1;
		const nextId = () => {
			while (takenIds.has(next)) next++;
			return next++;
		};
		const ids = amendments.map((a) => applyAmendment(table, a, before, nextId));
		const changed = diff(was, table);
		checkStructure(
			table,
			changed.map((c) => c.id)
		);
		const out = table.toCsv();
		if (!changed.length && exists) return { ids, changed };
		await writeChecked(file, out, async (registry) => {
			for (const [i, a] of amendments.entries())
				for (const name of namesOf(a, before)) {
					const found = registry.find(name);
					if (found?.id !== ids[i])
						throw new RegistryRefused(`「${name}」在单位名录中${found ? `已是「${found.name}」的名称` : '无法唯一对应'}，不能用于所选单位`);
				}
		});
		return { ids, changed };
	});
}

/** The rows that differ, by id. */
function diff(was: Map<number, RowRecord>, table: RegistryTable): RegistryEdit['changed'] {
	const out: RegistryEdit['changed'] = [];
	const now = new Map(table.rows.map((r) => [table.id(r), table.record(r)]));
	for (const [id, after] of now) {
		const before = was.get(id) ?? null;
		if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ id, before, after });
	}
	for (const [id, before] of was) if (!now.has(id)) out.push({ id, before, after: null });
	return out;
}

/** Writes the text beside the file, reads it back as the registry (and checks it), then renames it into place. */
async function writeChecked(file: string, text: string, check: (registry: Registry) => Promise<void>) {
	const tmp = `${file}.tmp-${process.pid}`;
	await writeFile(tmp, text, { mode: 0o644 });
	try {
		await check(new Registry(await readRegistryCsv(tmp, false)));
	} catch (e) {
		await rm(tmp, { force: true });
		if (e instanceof RegistryRefused) throw e;
		// The reader names the file it read: the temporary one means nothing to the person refused.
		throw new RegistryRefused(`单位名录无法更新：${(e as Error).message.replaceAll(`${tmp} `, '').replaceAll(tmp, '单位名录')}`);
	}
	await rename(tmp, file);
}
