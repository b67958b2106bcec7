/**
 * The registry of agencies (data/agencies.csv, and a generated corpus's own agencies.csv):
 * who is expected to report, at what level, where. A report's agency is matched to it by
 * name; an agency not in it is known by its name, with what the name says, marked for review.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { MAX_REGISTRY_ID, findingId, inferredAgencyId, isInferredAgency } from '../../report/ids.js';
import { AGENCY_LEVELS, agencyKey, inferLevel, inferRegion, sameAgency } from '../../report/agencies.js';

const YEAR = z.number().int().min(2000).max(2100);

export const AgencySchema = z.object({
	id: z.number().int().positive().max(MAX_REGISTRY_ID), // below the ids derived from names (ids.ts)
	name: z.string().min(1),
	level: z.enum(AGENCY_LEVELS),
	parent_id: z.number().int().positive().nullable(),
	region: z.string(),
	aliases: z.array(z.string()),
	generated: z.boolean(),
	needs_review: z.boolean(),
	/** The years it must report in, when the registry says (an agency set up or merged away between them); else unknown. */
	first_year: YEAR.nullable().optional(),
	last_year: YEAR.nullable().optional()
});
export type Agency = z.infer<typeof AgencySchema>;

/** A minimal CSV reader: quoted fields, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			if (row.some((f) => f !== '')) rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	row.push(field);
	if (row.some((f) => f !== '')) rows.push(row);
	return rows;
}

/** Columns a registry may leave out: aliases, and the span of years the agency reports in. */
const OPTIONAL_COLUMNS = ['aliases', 'first_year', 'last_year'];

export async function readRegistryCsv(file: string, generated: boolean): Promise<Agency[]> {
	const text = (await readFile(file, 'utf8')).replace(/^\ufeff/, '');
	const [header, ...rows] = parseCsv(text);
	const col = (name: string) => {
		const i = header.indexOf(name);
		if (i < 0 && !OPTIONAL_COLUMNS.includes(name)) throw new Error(`${file}: 缺少列「${name}」`);
		return i;
	};
	const [id, name, level, parent, region, aliases, first, last] = ['id', 'name', 'level', 'parent_id', 'region', 'aliases', 'first_year', 'last_year'].map(col);
	const year = (r: string[], i: number) => (i >= 0 && r[i]?.trim() ? Number(r[i]) : null);
	return rows.map((r, n) => {
		const parsed = AgencySchema.safeParse({
			id: Number(r[id]),
			name: r[name]?.trim(),
			level: r[level]?.trim(),
			parent_id: r[parent]?.trim() ? Number(r[parent]) : null,
			region: r[region]?.trim() ?? '',
			aliases:
				aliases >= 0 && r[aliases]
					? r[aliases]
							.split(';')
							.map((a) => a.trim())
							.filter(Boolean)
					: [],
			generated,
			needs_review: false,
			first_year: year(r, first),
			last_year: year(r, last)
		});
		if (!parsed.success) throw new Error(`${file} 第${n + 2}行：${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}`);
		const a = parsed.data;
		if ((a.first_year ?? 0) > (a.last_year ?? Infinity)) throw new Error(`${file} 第${n + 2}行：first_year ${a.first_year} 晚于 last_year ${a.last_year}`);
		return a;
	});
}

/**
 * The agencies a report can be credited to: the registry's rows, matched by name or alias, and
 * otherwise an agency known only by the name the report gives, with an id derived from that
 * name (report/ids.ts) — the same in every rebuild, never a registry id, and taken over (with
 * its reports) by a registry row that comes to name it.
 */
export class Registry {
	private byId = new Map<number, Agency>();
	private byKey = new Map<string, Agency>();
	/** Ids of agencies known only by name, by id: their name key (two keys never share one). */
	private inferred = new Map<number, string>();

	constructor(agencies: Agency[]) {
		for (const a of agencies) this.add(a);
	}

	private add(a: Agency) {
		if (this.byId.has(a.id)) throw new Error(`单位编号 ${a.id} 重复（${a.name}）`);
		if (a.id > MAX_REGISTRY_ID) throw new Error(`单位编号 ${a.id} 超出上限 ${MAX_REGISTRY_ID}（${a.name}）`);
		this.byId.set(a.id, a);
		for (const n of [a.name, ...a.aliases]) this.byKey.set(agencyKey(n), a);
	}

	all(): Agency[] {
		return [...this.byId.values()];
	}

	get(id: number): Agency | undefined {
		return this.byId.get(id);
	}

	/**
	 * What the registry says, in one hash: a change of any row (a new one, a name, an alias, a
	 * parent, a region, a span of years) makes the stored reports be matched and checked again.
	 */
	version(): string {
		const rows = this.all()
			.sort((a, b) => a.id - b.id)
			.map((a) => [a.id, a.name, a.level, a.parent_id, a.region, a.aliases, a.generated, a.first_year ?? null, a.last_year ?? null]);
		return createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
	}

	/** The registry's agency of this name, or null; ambiguous suffix matches count as none. */
	find(name: string): Agency | null {
		const exact = this.byKey.get(agencyKey(name));
		if (exact) return exact;
		const hits = new Set<Agency>();
		for (const a of this.byId.values()) if ([a.name, ...a.aliases].some((n) => sameAgency(n, name))) hits.add(a);
		return hits.size === 1 ? [...hits][0] : null;
	}

	/** Agencies known only by name that earlier runs stored: their ids stay theirs. */
	remember(id: number, name: string) {
		this.inferred.set(id, agencyKey(name));
	}

	/** The id of a report's agency: the registry's, or one derived from the name. */
	resolve(name: string): number {
		const found = this.find(name);
		if (found) return found.id;
		const key = agencyKey(name);
		for (let salt = 0; ; salt++) {
			const id = inferredAgencyId(key, salt);
			const holder = this.inferred.get(id);
			if (holder === undefined) this.inferred.set(id, key);
			if (holder === undefined || holder === key) return id;
		}
	}
}

/** An agency known only by the name its reports give: what the name says of it, marked for review. */
export function inferredAgency(id: number, name: string, generated: boolean): Agency {
	return { id, name, level: inferLevel(name), parent_id: null, region: inferRegion(name), aliases: [], generated, needs_review: true };
}

/**
 * The id a finding had while its report's agency was known only by the name the report gives:
 * a review made then follows the finding when a registry row takes the agency over. Null for a
 * report of an agency that is itself known only by name.
 */
export function formerFindingId(rule: string, agencyId: number, agencyName: string, year: number, subject: string): string | null {
	return isInferredAgency(agencyId) ? null : findingId(rule, inferredAgencyId(agencyKey(agencyName)), year, subject);
}
