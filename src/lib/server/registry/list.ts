/**
 * The registry as the registry page and `GET /api/registry` show it: read from the file itself
 * (a change is seen at once, before the database follows), kept while the file is unchanged.
 * Searched by part of a name or alias, or by id; browsed as a tree, a parent's children at a time.
 */
import { stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { AGENCY_LEVELS } from '../../report/agencies.js';
import { readRegistryCsv, type Agency } from '../../build/registry.js';
import { registryPath } from '../ingest-queue.js';

export interface RegistryEntry {
	id: number;
	name: string;
	level: Agency['level'];
	parent_id: number | null;
	parent: string | null;
	region: string;
	aliases: string[];
	first_year: number | null;
	last_year: number | null;
	due: string | null;
	report_urls: string[];
	merged_into: number | null;
	merged_into_name: string | null;
	/** How many agencies the registry puts under it. */
	children: number;
}

interface Snapshot {
	key: string;
	agencies: Agency[];
	byId: Map<number, Agency>;
	children: Map<number, number>;
}
let snapshot: Snapshot | null = null;

async function current(): Promise<Snapshot> {
	const file = registryPath();
	if (!existsSync(file)) return { key: '', agencies: [], byId: new Map(), children: new Map() };
	const s = await stat(file);
	const key = `${file}:${s.ino}:${s.mtimeMs}:${s.size}`;
	if (snapshot?.key === key) return snapshot;
	const agencies = await readRegistryCsv(file, false);
	const children = new Map<number, number>();
	for (const a of agencies) if (a.parent_id !== null) children.set(a.parent_id, (children.get(a.parent_id) ?? 0) + 1);
	snapshot = { key, agencies, byId: new Map(agencies.map((a) => [a.id, a])), children };
	return snapshot;
}

function entry(s: Snapshot, a: Agency): RegistryEntry {
	return {
		id: a.id,
		name: a.name,
		level: a.level,
		parent_id: a.parent_id,
		parent: a.parent_id === null ? null : (s.byId.get(a.parent_id)?.name ?? null),
		region: a.region,
		aliases: [...a.aliases],
		first_year: a.first_year ?? null,
		last_year: a.last_year ?? null,
		due: a.due ?? null,
		report_urls: a.report_urls ?? [],
		merged_into: a.merged_into ?? null,
		merged_into_name: a.merged_into ? (s.byId.get(a.merged_into)?.name ?? null) : null,
		children: s.children.get(a.id) ?? 0
	};
}

export interface RegistryQuery {
	/** Part of a name or alias, or an id. */
	q?: string;
	/** The children of this agency; without q or parent, the agencies at the top of the tree. */
	parent?: number | null;
	limit?: number;
	offset?: number;
}

const rank = (a: Agency) => AGENCY_LEVELS.indexOf(a.level);

export async function listRegistry(query: RegistryQuery): Promise<{ total: number; agencies: RegistryEntry[] }> {
	const s = await current();
	const term = (query.q ?? '').replace(/\s+/g, '');
	let hits: Agency[];
	if (term) {
		const id = /^\d+$/.test(term) ? Number(term) : null;
		hits = s.agencies
			.filter((a) => a.id === id || a.name.includes(term) || a.aliases.some((x) => x.includes(term)))
			.sort((a, b) => Number(b.id === id) - Number(a.id === id) || a.name.length - b.name.length || a.name.localeCompare(b.name, 'zh-CN'));
	} else {
		const parent = query.parent ?? null;
		hits = s.agencies
			.filter((a) => (parent === null ? a.parent_id === null || !s.byId.has(a.parent_id) : a.parent_id === parent))
			.sort((a, b) => rank(a) - rank(b) || a.id - b.id);
	}
	const offset = query.offset ?? 0;
	return { total: hits.length, agencies: hits.slice(offset, offset + (query.limit ?? 50)).map((a) => entry(s, a)) };
}

/** One agency of the registry, with the names of its parent and survivor, and its ancestors (top first). */
export async function registryAgency(id: number): Promise<{ agency: RegistryEntry; ancestors: { id: number; name: string }[] } | null> {
	const s = await current();
	const a = s.byId.get(id);
	if (!a) return null;
	const ancestors: { id: number; name: string }[] = [];
	const seen = new Set([id]);
	for (let p = a.parent_id; p !== null && !seen.has(p);) {
		const up = s.byId.get(p);
		if (!up) break;
		seen.add(p);
		ancestors.unshift({ id: up.id, name: up.name });
		p = up.parent_id;
	}
	return { agency: entry(s, a), ancestors };
}
