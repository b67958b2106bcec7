/**
 * The registry of agencies (data/agencies.csv, and a generated corpus's own agencies.csv):
 * who is expected to report, at what level, where. A report's agency is matched to it by
 * name; an agency not in it is known by its name, with what the name says, marked for review.
 */
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { MAX_REGISTRY_ID, findingId, inferredAgencyId, isInferredAgency } from '../report/ids.js';
import { AGENCY_LEVELS, agencyKey, inferLevel, inferRegion, sameAgency } from '../report/agencies.js';
import { DueSchema } from '../report/season.js';
import { unguardFormula } from '../escape.js';

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
	last_year: YEAR.nullable().optional(),
	/** Its own deadline (MM-DD of the year after) when it differs from its level's (report/season.ts). */
	due: DueSchema.nullable().optional(),
	/** Its 年报 column pages, where collection looks. */
	report_urls: z.array(z.string()).optional(),
	/** 撤并: the agency that took it over; its reports stay its own (stable keys), shown under that one. */
	merged_into: z.number().int().positive().nullable().optional()
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

/**
 * The rows of a CSV file as they are read, a chunk at a time (a nation's registry is not held as
 * text): quoted fields, `""`, commas and newlines inside quotes, CRLF; blank lines skipped.
 */
const SPECIAL = /[",\r\n]/g;

export async function* csvRows(file: string): AsyncGenerator<string[]> {
	let row: string[] = [];
	let field = '';
	let quoted = false;
	/** A quote met inside quotes: the end of the field, unless the next character is a quote too. */
	let quoteInQuoted = false;
	let afterCR = false;
	let first = true;
	const endRow = function* () {
		row.push(field);
		if (row.some((f) => f !== '')) yield row;
		row = [];
		field = '';
	};
	for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 }) as AsyncIterable<string>) {
		let text = chunk;
		if (first) text = text.replace(/^\ufeff/, '');
		first = false;
		let i = 0;
		while (i < text.length) {
			const c = text[i];
			if (afterCR) {
				afterCR = false;
				if (c === '\n') {
					i++;
					continue;
				}
			}
			if (quoteInQuoted) {
				quoteInQuoted = false;
				if (c === '"') {
					field += '"';
					i++;
					continue;
				}
				quoted = false;
			}
			if (quoted) {
				const close = text.indexOf('"', i);
				if (close < 0) {
					field += text.slice(i);
					i = text.length;
				} else {
					field += text.slice(i, close);
					quoteInQuoted = true;
					i = close + 1;
				}
				continue;
			}
			if (c === '"') quoted = true;
			else if (c === ',') {
				row.push(field);
				field = '';
			} else if (c === '\n' || c === '\r') {
				afterCR = c === '\r';
				yield* endRow();
			} else {
				// A run of plain characters at once, to the next quote, comma or line end.
				SPECIAL.lastIndex = i;
				const j = SPECIAL.exec(text)?.index ?? text.length;
				field += text.slice(i, j);
				i = j;
				continue;
			}
			i++;
		}
	}
	yield* endRow();
}

/** The registry's columns, read by name; all but the first five may be left out. */
export const REGISTRY_COLUMNS = [
	'id',
	'name',
	'level',
	'parent_id',
	'region',
	'aliases',
	'first_year',
	'last_year',
	'due',
	'report_url',
	'merged_into'
] as const;
const OPTIONAL_COLUMNS: readonly string[] = REGISTRY_COLUMNS.slice(5);
const year = (r: string[], i: number) => (i >= 0 && r[i]?.trim() ? Number(r[i]) : null);

/** A copy of a string of its own: a slice would keep the whole chunk it was cut from alive. */
const own = (s: string): string => (s.length > 12 ? (JSON.parse(JSON.stringify(s)) as string) : s);
const NO_ALIASES: string[] = Object.freeze([]) as unknown as string[];

export async function readRegistryCsv(file: string, generated: boolean): Promise<Agency[]> {
	const agencies: Agency[] = [];
	// Agencies share their regions: one string each.
	const regions = new Map<string, string>();
	let columns: number[] | null = null;
	let n = 0;
	for await (const r of csvRows(file)) {
		n++;
		if (!columns) {
			columns = REGISTRY_COLUMNS.map((name) => {
				const i = r.indexOf(name);
				if (i < 0 && !OPTIONAL_COLUMNS.includes(name)) throw new Error(`${file}: 缺少列「${name}」`);
				return i;
			});
			continue;
		}
		const [id, name, level, parent, region, aliases, first, last, due, urls, merged] = columns;
		// A field written with a formula guard (csv.ts) is read as it was meant.
		for (let i = 0; i < r.length; i++) r[i] = unguardFormula(r[i]);
		const place = r[region]?.trim() ?? '';
		if (!regions.has(place)) regions.set(place, own(place));
		const parsed = AgencySchema.safeParse({
			id: Number(r[id]),
			name: r[name]?.trim(),
			level: r[level]?.trim(),
			parent_id: r[parent]?.trim() ? Number(r[parent]) : null,
			region: regions.get(place),
			aliases:
				aliases >= 0 && r[aliases]?.trim()
					? r[aliases]
							.split(';')
							.map((a) => own(a.trim()))
							.filter(Boolean)
					: NO_ALIASES,
			generated,
			needs_review: false,
			first_year: year(r, first),
			last_year: year(r, last),
			due: due >= 0 && r[due]?.trim() ? r[due].trim() : null,
			report_urls:
				urls >= 0 && r[urls]?.trim()
					? r[urls]
							.split(';')
							.map((u) => u.trim())
							.filter(Boolean)
					: undefined,
			merged_into: merged >= 0 && r[merged]?.trim() ? Number(r[merged]) : null
		});
		if (!parsed.success) throw new Error(`${file} 第${n}行：${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}`);
		const a = parsed.data;
		if ((a.first_year ?? 0) > (a.last_year ?? Infinity)) throw new Error(`${file} 第${n}行：first_year ${a.first_year} 晚于 last_year ${a.last_year}`);
		a.name = own(a.name);
		a.level = AGENCY_LEVELS.find((l) => l === a.level)!;
		if (!a.aliases.length) a.aliases = NO_ALIASES;
		agencies.push(a);
	}
	return agencies;
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
		const hash = createHash('sha256');
		const ids = Float64Array.from(this.byId.keys()).sort();
		for (let k = 0; k < ids.length; k += 1000) {
			const rows = Array.from(ids.subarray(k, k + 1000), (id) => {
				const a = this.byId.get(id)!;
				return JSON.stringify([
					a.id,
					a.name,
					a.level,
					a.parent_id,
					a.region,
					a.aliases,
					a.generated,
					a.first_year ?? null,
					a.last_year ?? null,
					a.due ?? null,
					a.merged_into ?? null
				]);
			});
			hash.update(rows.join('\n') + '\n');
		}
		return hash.digest('hex').slice(0, 16);
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
