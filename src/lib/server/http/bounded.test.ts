/** A body is bounded while it streams: a chunked one without a length is cut off at the bound, not read whole. */
import { describe, expect, it } from 'vitest';
import { BodyTooLarge, readBounded } from './bounded.js';

/** A request whose body streams `chunks` chunks of 64 KB with no Content-Length; counts what was pulled. */
function chunked(chunks: number) {
	let pulled = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(c) {
			if (pulled >= chunks) return c.close();
			pulled++;
			c.enqueue(new Uint8Array(65536));
		}
	});
	const request = new Request('http://127.0.0.1/api/login', { method: 'POST', body, duplex: 'half' } as RequestInit);
	return { request, pulled: () => pulled };
}

describe('a bounded body', () => {
	it('is read whole within the bound', async () => {
		const { request } = chunked(2);
		expect((await readBounded(request, 200_000)).byteLength).toBe(131072);
	});

	it('stops at the bound, chunked with no length: 4,000 chunks offered (250 MB), a few read', async () => {
		const { request, pulled } = chunked(4000);
		await expect(readBounded(request, 16 * 1024)).rejects.toThrow(BodyTooLarge);
		expect(pulled()).toBeLessThan(5);
	});

	it('refuses at once a length that says it is too large', async () => {
		const request = new Request('http://127.0.0.1/x', { method: 'POST', body: 'x', headers: { 'content-length': '999999999' } });
		await expect(readBounded(request, 1024)).rejects.toThrow('请求内容过大（上限 1 KB）');
	});
});
