/**
 * The changes people make to the registry, one at a time, on the file's table (registry-table.ts):
 * a report's name taken as an agency's alias; an agency added under a parent (its region follows
 * from the parent); renamed (the old name kept as an alias, so that reports by it still match);
 * moved under another parent (its region, and its descendants', follow); merged into another
 * (撤并: it keeps its id and its reports, says which agency took it over and the last year it
 * reports); closed (the last year it reports). Each refuses (RegistryRefused) what would leave
 * the registry wrong; names are checked again on the written file (registry-amend.ts).
 */
import { AGENCY_LEVELS, inferRegion, regionUnder, type AgencyLevel } from '../report/agencies.js';
import { MAX_REGISTRY_ID } from '../report/ids.js';
import type { Registry } from './registry.js';
import type { RegistryTable } from './registry-table.js';

export class RegistryRefused extends Error {}

/** An agency to add: with a parent, its region is the parent's (regionUnder), whatever is given. */
export interface NewAgencyRow {
	name: string;
	level: AgencyLevel;
	parent_id: number | null;
	/** Used only without a parent. */
	region?: string | null;
	first_year?: number | null;
	last_year?: number | null;
	/** MM-DD: its own deadline. */
	due?: string | null;
	report_urls?: string[];
}

export type Amendment =
	/** The name a report gives is this registry agency. */
	| { alias: string; agency_id: number }
	/** A new registry agency (its id chosen here); `alias`: the name the report gives, when it is not the name. */
	| { add: NewAgencyRow; alias: string | null }
	/** A new name; the old one stays as an alias. */
	| { rename: number; name: string }
	/** A new parent (null: none, with the region given); the region follows, for its descendants too. */
	| { move: number; parent_id: number | null; region?: string | null }
	/** 撤并: `merge` taken over by `into`; `last_year`: the last year it reports. */
	| { merge: number; into: number; last_year: number }
	/** The last year it reports (null: not known, reopened). */
	| { close: number; last_year: number | null };

/** The names that must mean the amendment's agency once written (registry-amend.ts checks them). */
export function namesOf(a: Amendment, before: Registry): string[] {
	if ('alias' in a && 'agency_id' in a) return [a.alias];
	if ('add' in a) return [a.add.name, ...(a.alias ? [a.alias] : [])];
	if ('rename' in a) return [a.name, before.get(a.rename)?.name ?? ''].filter(Boolean);
	return [];
}

/** Applies one amendment to the table; returns its agency's id. `nextId` gives a new agency's id. */
export function applyAmendment(t: RegistryTable, a: Amendment, before: Registry, nextId: () => number): number {
	if ('agency_id' in a) {
		const row = need(t, a.agency_id);
		const holder = before.find(a.alias);
		if (holder && holder.id !== a.agency_id) throw new RegistryRefused(`「${a.alias}」在单位名录中已是「${holder.name}」的名称`);
		addAlias(t, row, a.alias);
		return a.agency_id;
	}
	if ('add' in a) return add(t, a.add, a.alias, before, nextId);
	if ('rename' in a) return rename(t, a.rename, a.name, before);
	if ('move' in a) return move(t, a.move, a.parent_id, a.region ?? null);
	if ('merge' in a) return merge(t, a.merge, a.into, a.last_year);
	return close(t, a.close, a.last_year);
}

function need(t: RegistryTable, id: number, what = '单位'): string[] {
	const row = t.byId(id);
	if (!row) throw new RegistryRefused(`单位名录中没有编号为 ${id} 的${what}`);
	return row;
}

const nameOf = (t: RegistryTable, row: string[]) => t.get(row, 'name');

/** A parent an agency may be put under: in the registry, not merged away. */
function parentRow(t: RegistryTable, parentId: number): string[] {
	const parent = t.byId(parentId);
	if (!parent) throw new RegistryRefused(`上级单位（编号 ${parentId}）不在单位名录中`);
	const merged = t.num(parent, 'merged_into');
	if (merged !== null) throw new RegistryRefused(`上级单位「${nameOf(t, parent)}」已撤并，不能再作为上级`);
	return parent;
}

function levelOf(t: RegistryTable, row: string[]): AgencyLevel {
	const level = t.get(row, 'level');
	return AGENCY_LEVELS.find((l) => l === level) ?? 'department';
}

function checkSpan(first: number | null, last: number | null) {
	if (first !== null && last !== null && first > last) throw new RegistryRefused(`最后报送年度 ${last} 早于首个报送年度 ${first}`);
}

function add(t: RegistryTable, a: NewAgencyRow, alias: string | null, before: Registry, nextId: () => number): number {
	for (const name of [a.name, alias]) {
		const holder = name ? before.find(name) : null;
		if (holder) throw new RegistryRefused(`「${name}」在单位名录中已是「${holder.name}」的名称`);
	}
	const parent = a.parent_id === null ? null : parentRow(t, a.parent_id);
	// The region follows from the parent (the tree), never from what was typed beside it.
	const region = parent ? regionUnder({ region: t.get(parent, 'region') }, a) : a.region?.trim() || inferRegion(a.name);
	if (!region) throw new RegistryRefused('没有上级单位时须填写地区');
	checkSpan(a.first_year ?? null, a.last_year ?? null);
	const id = nextId();
	if (id > MAX_REGISTRY_ID) throw new RegistryRefused('单位名录的编号已用尽');
	const row = t.blank();
	t.rows.push(row);
	t.set(row, 'id', String(id));
	t.set(row, 'name', a.name);
	t.set(row, 'level', a.level);
	t.set(row, 'parent_id', a.parent_id === null ? '' : String(a.parent_id));
	t.set(row, 'region', region);
	if (alias && alias !== a.name) addAlias(t, row, alias);
	t.set(row, 'first_year', a.first_year == null ? '' : String(a.first_year));
	t.set(row, 'last_year', a.last_year == null ? '' : String(a.last_year));
	t.set(row, 'due', a.due ?? '');
	t.set(row, 'report_url', (a.report_urls ?? []).join(';'));
	return id;
}

function rename(t: RegistryTable, id: number, name: string, before: Registry): number {
	const row = need(t, id);
	const old = nameOf(t, row);
	if (old === name) return id;
	const holder = before.find(name);
	if (holder && holder.id !== id) throw new RegistryRefused(`「${name}」在单位名录中已是「${holder.name}」的名称`);
	t.set(row, 'name', name);
	// The old name stays the agency's: its reports, and reports to come by it, still match.
	const aliases = t.list(row, 'aliases').filter((x) => x !== name);
	if (!aliases.includes(old)) aliases.push(old);
	t.set(row, 'aliases', aliases.join(';'));
	return id;
}

/** The agency's descendants in the registry (children first), by the parent column. */
function descendants(t: RegistryTable, id: number): string[][] {
	const out: string[][] = [];
	const seen = new Set([id]);
	for (let frontier = [id]; frontier.length;) {
		const next: number[] = [];
		for (const r of t.rows) {
			const p = t.num(r, 'parent_id');
			const rid = t.id(r);
			if (p !== null && frontier.includes(p) && !seen.has(rid)) {
				seen.add(rid);
				out.push(r);
				next.push(rid);
			}
		}
		frontier = next;
	}
	return out;
}

function move(t: RegistryTable, id: number, parentId: number | null, region: string | null): number {
	const row = need(t, id);
	if (parentId === id) throw new RegistryRefused('不能把单位设为自己的上级');
	const below = descendants(t, id);
	if (parentId !== null && below.some((r) => t.id(r) === parentId)) throw new RegistryRefused('不能把单位移到它自己的下级单位之下');
	const parent = parentId === null ? null : parentRow(t, parentId);
	const oldRegion = t.get(row, 'region');
	const newRegion = parent ? regionUnder({ region: t.get(parent, 'region') }, { name: nameOf(t, row), level: levelOf(t, row) }) : region?.trim() || oldRegion;
	t.set(row, 'parent_id', parentId === null ? '' : String(parentId));
	t.set(row, 'region', newRegion);
	// Its descendants follow: a region under the old one is moved under the new; another is derived from the parent again.
	for (const d of below) {
		const r = t.get(d, 'region');
		if (r === oldRegion || r.startsWith(oldRegion + '/')) t.set(d, 'region', newRegion + r.slice(oldRegion.length));
		else {
			const p = t.byId(t.num(d, 'parent_id')!)!;
			t.set(d, 'region', regionUnder({ region: t.get(p, 'region') }, { name: nameOf(t, d), level: levelOf(t, d) }));
		}
	}
	return id;
}

function merge(t: RegistryTable, id: number, into: number, lastYear: number): number {
	const row = need(t, id);
	if (into === id) throw new RegistryRefused('不能把单位撤并到它自己');
	const target = need(t, into, '并入单位');
	const targetMerged = t.num(target, 'merged_into');
	if (targetMerged !== null)
		throw new RegistryRefused(
			targetMerged === id
				? `「${nameOf(t, target)}」已撤并到「${nameOf(t, row)}」，不能互相撤并`
				: `「${nameOf(t, target)}」已撤并到「${nameOf(t, t.byId(targetMerged) ?? target)}」，请撤并到后者`
		);
	checkSpan(t.num(row, 'first_year'), lastYear);
	t.set(row, 'merged_into', String(into));
	t.set(row, 'last_year', String(lastYear));
	// Agencies merged into it before are now the survivor's: no chains to follow.
	for (const r of t.rows) if (t.num(r, 'merged_into') === id) t.set(r, 'merged_into', String(into));
	return id;
}

function close(t: RegistryTable, id: number, lastYear: number | null): number {
	const row = need(t, id);
	checkSpan(t.num(row, 'first_year'), lastYear);
	t.set(row, 'last_year', lastYear === null ? '' : String(lastYear));
	return id;
}

function addAlias(t: RegistryTable, row: string[], alias: string) {
	const aliases = t.list(row, 'aliases');
	if (!aliases.includes(alias)) aliases.push(alias);
	t.set(row, 'aliases', aliases.join(';'));
}

/**
 * What no amendment may leave behind in the rows it touched: a parent or a survivor the registry
 * does not hold, an agency its own ancestor, a survivor itself merged away, a cycle of merges.
 */
export function checkStructure(t: RegistryTable, ids: Iterable<number>) {
	const byId = new Map(t.rows.map((r) => [t.id(r), r]));
	for (const id of ids) {
		const row = byId.get(id);
		if (!row) continue;
		const name = nameOf(t, row);
		const parent = t.num(row, 'parent_id');
		if (parent !== null && !byId.has(parent)) throw new RegistryRefused(`「${name}」的上级单位（编号 ${parent}）不在单位名录中`);
		const above = new Set<number>();
		for (let p: number | null = parent; p !== null && byId.has(p); p = t.num(byId.get(p)!, 'parent_id')) {
			if (p === id || above.has(p)) throw new RegistryRefused(`「${name}」的上级关系成环`);
			above.add(p);
		}
		const merged = t.num(row, 'merged_into');
		if (merged === null) continue;
		const survivor = byId.get(merged);
		if (!survivor) throw new RegistryRefused(`「${name}」并入的单位（编号 ${merged}）不在单位名录中`);
		if (merged === id) throw new RegistryRefused(`「${name}」不能撤并到自己`);
		if (t.num(survivor, 'merged_into') !== null) throw new RegistryRefused(`「${name}」并入的「${nameOf(t, survivor)}」本身已撤并（撤并成环或成链）`);
	}
}
