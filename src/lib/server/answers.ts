/**
 * Answers kept between requests. The derived database cannot change until ingest swaps in a new
 * file, and the workbench only through this process's writes: so a query's rows, keyed by its SQL,
 * its parameters and the generation of what it reads, are the same rows until that generation
 * moves. Dozens of supervisors opening the same pages on a Monday morning then cost one query each.
 *
 * Bounded: least recently used answers go first once the entries or their estimated bytes pass
 * the caps. Rows are frozen, so a caller that sorts or edits an answer in place fails loudly
 * instead of changing the next caller's page.
 */

/** Caps: a few thousand answers, and about 64 MB of rows (NIANBAO_ANSWER_CACHE_MB overrides; 0 turns it off). */
const MAX_ENTRIES = 4_000;
const DEFAULT_MB = 64;
/** What a value costs beyond its characters (object slots, headers): a rough, deliberately high guess. */
const SLOT_BYTES = 16;

interface Entry {
	value: Promise<unknown>;
	bytes: number;
}

export class AnswerCache {
	private entries = new Map<string, Entry>();
	private bytes = 0;
	hits = 0;
	misses = 0;

	constructor(
		private readonly maxBytes: number,
		private readonly maxEntries = MAX_ENTRIES
	) {}

	/** The answer under `key`, computed once; a failed computation is not kept. */
	get<T>(key: string, compute: () => Promise<T>): Promise<T> {
		if (this.maxBytes <= 0) return compute();
		const hit = this.entries.get(key);
		if (hit) {
			this.hits++;
			// Least recently used first: a hit moves to the back of the map's order.
			this.entries.delete(key);
			this.entries.set(key, hit);
			return hit.value as Promise<T>;
		}
		this.misses++;
		const entry: Entry = { value: Promise.resolve(), bytes: key.length * 2 };
		entry.value = compute().then(
			(value) => {
				deepFreeze(value);
				this.resize(key, entry, entry.bytes + estimateBytes(value));
				return value;
			},
			(e) => {
				if (this.entries.get(key) === entry) this.drop(key);
				throw e;
			}
		);
		this.entries.set(key, entry);
		this.bytes += entry.bytes;
		this.evict();
		return entry.value as Promise<T>;
	}

	clear() {
		this.entries.clear();
		this.bytes = 0;
	}

	get size() {
		return { entries: this.entries.size, bytes: this.bytes };
	}

	private resize(key: string, entry: Entry, bytes: number) {
		if (this.entries.get(key) !== entry) return; // evicted or cleared meanwhile
		this.bytes += bytes - entry.bytes;
		entry.bytes = bytes;
		this.evict();
	}

	private drop(key: string) {
		const entry = this.entries.get(key);
		if (!entry) return;
		this.bytes -= entry.bytes;
		this.entries.delete(key);
	}

	private evict() {
		for (const key of this.entries.keys()) {
			if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
			this.drop(key);
		}
	}
}

export function answerCacheBytes(): number {
	const mb = Number(process.env.NIANBAO_ANSWER_CACHE_MB ?? DEFAULT_MB);
	return Number.isFinite(mb) && mb >= 0 ? mb * 1048576 : DEFAULT_MB * 1048576;
}

/** About how much memory a parsed answer holds: strings by their length, every other value a slot. */
export function estimateBytes(value: unknown): number {
	if (typeof value === 'string') return SLOT_BYTES + value.length * 2;
	if (value === null || typeof value !== 'object') return SLOT_BYTES;
	let sum = SLOT_BYTES;
	if (Array.isArray(value)) for (const v of value) sum += estimateBytes(v);
	else for (const [k, v] of Object.entries(value)) sum += k.length + estimateBytes(v);
	return sum;
}

function deepFreeze(value: unknown) {
	if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
	Object.freeze(value);
	for (const v of Array.isArray(value) ? value : Object.values(value)) deepFreeze(v);
}
