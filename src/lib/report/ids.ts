/**
 * A report's id: its agency's id and its year in one integer (agency_id * 10000 + year), stable
 * across rebuilds, so that a link to a report or a finding stays valid. DuckDB stores it as
 * INTEGER, which bounds the agency ids (MAX_AGENCY_ID); years are those the schema accepts.
 */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
export const MAX_AGENCY_ID = Math.floor((2 ** 31 - 1 - MAX_YEAR) / 10000);

export const reportId = (agencyId: number, year: number): number => agencyId * 10000 + year;
export const agencyOfReport = (id: number): number => Math.floor(id / 10000);
export const yearOfReport = (id: number): number => id % 10000;
/** The ids of every report an agency can have: from, to (inclusive), for `BETWEEN`. */
export const reportIdsOf = (agencyId: number): [number, number] => [reportId(agencyId, 0), reportId(agencyId, 9999)];

const YEARS = MAX_YEAR - MIN_YEAR + 1;
const MAX_BYTES = Math.ceil(((MAX_AGENCY_ID + 1) * YEARS) / 8);

/**
 * A set of report ids as one bit per (agency, year): its memory is set by the highest agency id
 * (13 bytes an agency), never by how many reports are added, and at most 2.7 MB.
 */
export class ReportIdSet {
	private bits = new Uint8Array(0);

	add(id: number): void {
		const i = this.index(id);
		if (i >> 3 >= this.bits.length) {
			const grown = new Uint8Array(Math.min(MAX_BYTES, Math.max((i >> 3) + 1, this.bits.length * 2)));
			grown.set(this.bits);
			this.bits = grown;
		}
		this.bits[i >> 3] |= 1 << (i & 7);
	}

	has(id: number): boolean {
		const i = this.index(id);
		return i >> 3 < this.bits.length && (this.bits[i >> 3] & (1 << (i & 7))) !== 0;
	}

	/** The memory it holds. */
	get bytes(): number {
		return this.bits.length;
	}

	private index(id: number): number {
		const agency = agencyOfReport(id);
		const year = yearOfReport(id);
		if (!Number.isInteger(id) || agency < 0 || agency > MAX_AGENCY_ID || year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`不是报告编号：${id}`);
		return agency * YEARS + (year - MIN_YEAR);
	}
}
