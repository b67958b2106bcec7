/** Text or binary: the whole file is looked at, not its first 8 KB. */
import { describe, expect, it } from 'vitest';
import { decodeText, isBinary } from './decode.js';

const text = (n: number) => new TextEncoder().encode('政府信息公开工作年度报告。\n'.repeat(n));

describe('binary data', () => {
	it('is a NUL anywhere, also past the first 8 KB', () => {
		const t = text(2000);
		expect(t.length).toBeGreaterThan(8192 * 4);
		expect(isBinary(t)).toBe(false);
		const late = Uint8Array.from(t);
		late[late.length - 10] = 0;
		expect(isBinary(late)).toBe(true);
		expect(() => decodeText(late, 'x.txt')).toThrow('二进制数据');
	});

	it('is control characters past 2% of the whole file', () => {
		const t = Uint8Array.from(text(2000));
		for (let i = t.length - t.length / 20; i < t.length; i++) t[i] = 1;
		expect(isBinary(t)).toBe(true);
		expect(isBinary(new TextEncoder().encode('a\u0001b' + 'c'.repeat(100)))).toBe(false);
	});
});
