import { describe, expect, it } from 'vitest';
import { AnswerCache, estimateBytes } from './answers.js';

describe('AnswerCache', () => {
	it('computes an answer once per key, and a burst of the same key waits for that one computation', async () => {
		const cache = new AnswerCache(1 << 20);
		let computed = 0;
		const compute = async () => {
			computed++;
			await new Promise((r) => setTimeout(r, 5));
			return [{ n: computed }];
		};
		const answers = await Promise.all(Array.from({ length: 8 }, () => cache.get('q', compute)));
		expect(computed).toBe(1);
		expect(new Set(answers).size).toBe(1);
		expect(await cache.get('other', compute)).toEqual([{ n: 2 }]);
		expect(cache.hits).toBe(7);
	});

	it('freezes what it keeps: a caller that sorts an answer in place fails instead of changing the next page', async () => {
		const cache = new AnswerCache(1 << 20);
		const rows = await cache.get('q', async () => [
			{ n: 2, cells: [1] },
			{ n: 1, cells: [2] }
		]);
		expect(() => rows.sort((a, b) => a.n - b.n)).toThrow(TypeError);
		expect(() => rows[0].cells.push(3)).toThrow(TypeError);
		expect([...rows].sort((a, b) => a.n - b.n)[0].n).toBe(1);
	});

	it('does not keep a failure', async () => {
		const cache = new AnswerCache(1 << 20);
		await expect(cache.get('q', async () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
		expect(await cache.get('q', async () => 'ok')).toBe('ok');
	});

	it('stays within its bytes and entries, dropping the least recently used', async () => {
		const row = 'x'.repeat(1000);
		const cache = new AnswerCache(10 * estimateBytes(row) + 200, 100);
		for (let i = 0; i < 30; i++) await cache.get(`k${i}`, async () => row);
		expect(cache.size.bytes).toBeLessThanOrEqual(10 * estimateBytes(row) + 200);
		expect(cache.size.entries).toBeLessThanOrEqual(10);
		// k29 is kept; k0 was dropped and is computed again.
		let again = 0;
		await cache.get('k29', async () => (again++, row));
		await cache.get('k0', async () => (again++, row));
		expect(again).toBe(1);

		const few = new AnswerCache(1 << 20, 3);
		for (const k of ['a', 'b', 'c']) await few.get(k, async () => k);
		await few.get('a', async () => 'a'); // a is now the most recent
		await few.get('d', async () => 'd'); // so b goes
		let recomputed = '';
		for (const k of ['a', 'b']) await few.get(k, async () => ((recomputed += k), k));
		expect(recomputed).toBe('b');
	});

	it('turned off (0 MB) computes every time', async () => {
		const cache = new AnswerCache(0);
		let n = 0;
		await cache.get('q', async () => n++);
		await cache.get('q', async () => n++);
		expect(n).toBe(2);
	});
});
