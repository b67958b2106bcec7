/**
 * Values of our own written into SQL text, where DuckDB takes constants only (a list to sort by,
 * a range of bitstring_agg): each checked to be what it claims, so that no input can pass as one.
 * Everything else is a bound parameter.
 */

/** A number of our own as SQL: an integer, never input. */
export function safeInteger(n: number): string {
	if (!Number.isSafeInteger(n)) throw new Error('safeInteger takes integers only');
	return String(n);
}

/** A list of our own keys as SQL (an order to sort by): keys only, never input. */
export function sqlList(keys: readonly string[]): string {
	if (!keys.every((k) => /^[a-z_]+$/.test(k))) throw new Error('sqlList takes keys only');
	return `[${keys.map((k) => `'${k}'`).join(', ')}]`;
}
