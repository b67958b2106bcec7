/**
 * Failed logins, counted per account and per address over a sliding window: past the limit,
 * logins are refused (429) until the window has moved on — whether the password is right or not,
 * so that guessing gains nothing. Held in memory (bounded), so a restart forgets them.
 */
export const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES = { account: 5, address: 20 };
/** Keys remembered at most: the oldest go first (an attacker cycling names cannot fill memory). */
const MAX_KEYS = 10_000;

export class Throttle {
	private failures = new Map<string, number[]>();

	constructor(private now: () => number = Date.now) {}

	/** Milliseconds until a login for this account from this address may be tried, or 0. */
	waitFor(account: string, address: string): number {
		return Math.max(this.wait(`u:${account}`, MAX_FAILURES.account), this.wait(`a:${address}`, MAX_FAILURES.address));
	}

	/**
	 * Counts a guess as failed before its password is checked, returning its mark; a guess that
	 * succeeds is forgiven. Counted after the (slow) check, 200 guesses sent at once all passed the
	 * throttle before the first was counted.
	 */
	reserve(account: string, address: string): number {
		const at = this.now();
		for (const key of [`u:${account}`, `a:${address}`]) {
			const times = this.recent(key);
			times.push(at);
			this.failures.delete(key); // re-inserted last: the map's order is its age
			this.failures.set(key, times);
		}
		while (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
		return at;
	}

	/** A reserved guess that was right: not a failure after all (of the address; the account's are cleared). */
	forgive(account: string, address: string, at: number) {
		const times = this.failures.get(`a:${address}`);
		const i = times?.indexOf(at) ?? -1;
		if (times && i >= 0) times.splice(i, 1);
		this.failures.delete(`u:${account}`);
	}

	private recent(key: string): number[] {
		const since = this.now() - WINDOW_MS;
		return (this.failures.get(key) ?? []).filter((t) => t > since);
	}

	private wait(key: string, max: number): number {
		const times = this.recent(key);
		return times.length < max ? 0 : times[times.length - max] + WINDOW_MS - this.now();
	}
}
