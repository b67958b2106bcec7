/**
 * Stable keys: what everything people decide (reviews, notes, uploads) refers to, so they must
 * come out the same from any rebuild of the derived database. docs/data-model.md explains them.
 *
 * - An agency of the registry keeps its registry id (1 … MAX_REGISTRY_ID).
 * - An agency known only from a report's title gets an id derived from its name
 *   (INFERRED_BASE + a hash of agencyKey(name)): never a registry id, the same in every rebuild,
 *   whatever else is ingested. A registry row that names it later takes its reports over.
 * - A report is its agency and year in one number: agency_id * 10000 + year (a BIGINT).
 * - A finding is its rule, its report's key and the rule's own subject (findingId).
 */
import { z } from 'zod';

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** Registry ids stay below the ids derived from names. */
export const MAX_REGISTRY_ID = 999_999_999;
export const INFERRED_BASE = 1_000_000_000;
/** 2^39 names' worth: a report id of any of them stays an exact JavaScript number (< 2^53). */
const INFERRED_SPAN = 2 ** 39;
export const MAX_AGENCY_ID = INFERRED_BASE + INFERRED_SPAN - 1;

export const reportId = (agencyId: number, year: number): number => agencyId * 10000 + year;
export const agencyOfReport = (id: number): number => Math.floor(id / 10000);
export const yearOfReport = (id: number): number => id % 10000;
/** The ids of every report an agency can have: from, to (inclusive), for `BETWEEN`. */
export const reportIdsOf = (agencyId: number): [number, number] => [reportId(agencyId, 0), reportId(agencyId, 9999)];

export const isInferredAgency = (agencyId: number): boolean => agencyId >= INFERRED_BASE;

/**
 * cyrb53: a fast, well-mixed 53-bit string hash (public domain, by bryc). Pure, so that the same
 * key comes out in the server, the ingest and the browser alike; not for secrets.
 */
export function hash53(text: string, seed = 0): number {
	let h1 = 0xdeadbeef ^ seed;
	let h2 = 0x41c6ce57 ^ seed;
	for (let i = 0; i < text.length; i++) {
		const ch = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The id of an agency known only by its name key (agencyKey of the name a report gives).
 * `salt` > 0 only when two different keys would share one id (about one chance in 10^4 with
 * 10,000 such agencies): the registry then moves the later key on.
 */
export function inferredAgencyId(nameKey: string, salt = 0): number {
	return INFERRED_BASE + (hash53(nameKey, salt) % INFERRED_SPAN);
}

/**
 * A finding's id: readable where it can be (agency, year, rule), then a hash of the subject that
 * tells two findings of one rule on one report apart. The subject is what the finding is about,
 * not what it found: a column, a row, the other report of a copy — so that a report corrected in
 * part, still wrong in the same place, keeps the finding (and its review).
 */
export function findingId(rule: string, agencyId: number, year: number, subject: string): string {
	const base = `${agencyId}-${year}-${rule}`;
	return subject ? `${base}-${hash53(subject).toString(36)}` : base;
}

/** A report's key as a subject (of a copy: the other report). */
export const reportKey = (agencyId: number, year: number): string => `${agencyId}-${year}`;

const YEARS = MAX_YEAR - MIN_YEAR + 1;
/** Registry agencies per page of a ReportIdSet's bits: 12.6 KB a page. */
const PAGE_AGENCIES = 1024;
const PAGE_BYTES = Math.ceil((PAGE_AGENCIES * YEARS) / 8);

/**
 * A set of report ids: for registry agencies, one bit per (agency, year), in pages of 1,024
 * agencies allocated as ids come (its memory set by the registry ids seen, ~13 bytes an agency:
 * 2.2 MB for a nation of 170,000 agencies, never by how many reports are added); for agencies
 * known only by name (hashed ids, spread over 2^39: few), a plain set.
 */
export class ReportIdSet {
	private pages = new Map<number, Uint8Array>();
	private sparse = new Set<number>();

	add(id: number): void {
		const i = this.index(id);
		if (i === null) {
			this.sparse.add(id);
			return;
		}
		let page = this.pages.get(i.page);
		if (!page) this.pages.set(i.page, (page = new Uint8Array(PAGE_BYTES)));
		page[i.bit >> 3] |= 1 << (i.bit & 7);
	}

	has(id: number): boolean {
		const i = this.index(id);
		if (i === null) return this.sparse.has(id);
		const page = this.pages.get(i.page);
		return page !== undefined && (page[i.bit >> 3] & (1 << (i.bit & 7))) !== 0;
	}

	/** The memory its bits hold. */
	get bytes(): number {
		return this.pages.size * PAGE_BYTES;
	}

	/** The page and bit of a registry agency's report, null for one known by name; throws on what is no report id. */
	private index(id: number): { page: number; bit: number } | null {
		const agency = agencyOfReport(id);
		const year = yearOfReport(id);
		if (!Number.isSafeInteger(id) || agency < 0 || agency > MAX_AGENCY_ID || year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`不是报告编号：${id}`);
		if (isInferredAgency(agency)) return null;
		return { page: Math.floor(agency / PAGE_AGENCIES), bit: (agency % PAGE_AGENCIES) * YEARS + (year - MIN_YEAR) };
	}
}

/** An agency id or a report id in a URL: digits only, within what the database can hold. */
export const AgencyIdParam = z.coerce.number().int().positive().max(MAX_AGENCY_ID);
export const ReportIdParam = z.coerce.number().int().positive().max(reportId(MAX_AGENCY_ID, MAX_YEAR));
