/**
 * Changes to the registry file (data/agencies.csv) that people decide: a name a report gives,
 * taken as an alias of a registry agency; an agency added, with its level, parent and region.
 * The registry is what the derived database is rebuilt from, so a choice made in an upload's
 * preview lives there (the workbench keeps who chose what, when). The file is rewritten whole —
 * every other row as it was — into a temporary file, checked by the registry's own reader, and
 * renamed into place: a reader never sees half of it.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { MAX_REGISTRY_ID } from '../../report/ids.js';
import { Registry, parseCsv, readRegistryCsv, type Agency } from './registry.js';

export const REGISTRY_COLUMNS = ['id', 'name', 'level', 'parent_id', 'region', 'aliases'] as const;

export type Amendment =
	/** The name a report gives is this registry agency. */
	| { alias: string; agency_id: number }
	/** A new registry agency (its id chosen here); `alias`: the name the report gives, when it is not the name. */
	| { add: Omit<Agency, 'id' | 'aliases' | 'generated' | 'needs_review'>; alias: string | null };

export class RegistryRefused extends Error {}

/** A CSV field, quoted when it must be. */
const field = (v: string) => (/[",\r\n]|^\s|\s$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * Applies the amendments to the registry file, in order; returns each one's agency id (a new
 * agency's id follows the file's highest, skipping `takenIds`: another registry's, such as a
 * generated corpus's). Refuses (RegistryRefused) an
 * amendment that names an agency the file does not hold, or after which the name would not be
 * matched to the agency meant (it names another as well).
 */
export async function amendRegistry(file: string, amendments: Amendment[], takenIds: ReadonlySet<number> = new Set()): Promise<number[]> {
	const text = existsSync(file) ? (await readFile(file, 'utf8')).replace(/^\ufeff/, '') : REGISTRY_COLUMNS.join(',') + '\n';
	const [header, ...rows] = parseCsv(text);
	const col = Object.fromEntries(REGISTRY_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof REGISTRY_COLUMNS)[number], number>;
	if (col.aliases < 0) {
		header.push('aliases');
		col.aliases = header.length - 1;
	}
	const idOf = (r: string[]) => Number(r[col.id]);
	// A name the registry gives another agency already stays that agency's.
	const before = existsSync(file) ? new Registry(await readRegistryCsv(file, false)) : new Registry([]);
	for (const a of amendments) {
		for (const name of [a.alias, 'add' in a ? a.add.name : null]) {
			const holder = name ? before.find(name) : null;
			if (holder && ('add' in a || holder.id !== a.agency_id)) throw new RegistryRefused(`「${name}」在单位名录中已是「${holder.name}」的名称`);
		}
	}
	let next = Math.max(0, ...rows.map(idOf)) + 1;
	const nextFree = () => {
		while (takenIds.has(next)) next++;
		return next;
	};
	const ids: number[] = [];
	for (const a of amendments) {
		if ('agency_id' in a) {
			const row = rows.find((r) => idOf(r) === a.agency_id);
			if (!row) throw new RegistryRefused(`单位名录中没有编号为 ${a.agency_id} 的单位`);
			addAlias(row, col.aliases, a.alias);
			ids.push(a.agency_id);
		} else {
			if (nextFree() > MAX_REGISTRY_ID) throw new RegistryRefused('单位名录的编号已用尽');
			if (a.add.parent_id !== null && !rows.some((r) => idOf(r) === a.add.parent_id))
				throw new RegistryRefused(`上级单位（编号 ${a.add.parent_id}）不在单位名录中`);
			const row = new Array<string>(header.length).fill('');
			row[col.id] = String(next);
			row[col.name] = a.add.name;
			row[col.level] = a.add.level;
			row[col.parent_id] = a.add.parent_id === null ? '' : String(a.add.parent_id);
			row[col.region] = a.add.region;
			if (a.alias && a.alias !== a.add.name) addAlias(row, col.aliases, a.alias);
			rows.push(row);
			ids.push(next++);
		}
	}
	const out = [header, ...rows].map((r) => header.map((_, i) => field(r[i] ?? '')).join(',')).join('\n') + '\n';
	const tmp = `${file}.tmp-${process.pid}`;
	await writeFile(tmp, out, { mode: 0o644 });
	try {
		const registry = new Registry(await readRegistryCsv(tmp, false));
		for (const [i, a] of amendments.entries()) {
			const name = a.alias ?? ('add' in a ? a.add.name : null);
			const found = name ? registry.find(name) : null;
			if (name && found?.id !== ids[i])
				throw new RegistryRefused(`「${name}」在单位名录中${found ? `已是「${found.name}」的名称` : '无法唯一对应'}，不能用于所选单位`);
		}
	} catch (e) {
		await rm(tmp, { force: true });
		throw e instanceof RegistryRefused ? e : new RegistryRefused(`单位名录无法更新：${(e as Error).message}`);
	}
	await rename(tmp, file);
	return ids;
}

function addAlias(row: string[], at: number, alias: string) {
	const aliases = (row[at] ?? '')
		.split(';')
		.map((a) => a.trim())
		.filter(Boolean);
	if (!aliases.includes(alias)) aliases.push(alias);
	row[at] = aliases.join(';');
}
