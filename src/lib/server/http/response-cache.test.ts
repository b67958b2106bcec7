import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { cacheableRequest, ResponseCache } from './response-cache.js';

const event = (method: string, path: string, signedIn: boolean) =>
	({
		request: new Request(`http://x${path}`, { method }),
		url: new URL(`http://x${path}`),
		locals: { user: signedIn ? { id: 1 } : null }
	}) as unknown as RequestEvent;

const page =
	(body: string, init: ResponseInit = {}) =>
	async () =>
		new Response(body, { status: 200, headers: { 'content-type': 'text/html' }, ...init });

describe('ResponseCache', () => {
	it('renders a page once per key and serves the same bytes and headers after', async () => {
		const cache = new ResponseCache();
		let renders = 0;
		const render = async () => (renders++, new Response(`<p>${renders}</p>`, { headers: { 'content-type': 'text/html', 'x-a': '1' } }));
		const first = await cache.serve('GET /|g1', render);
		const second = await cache.serve('GET /|g1', render);
		expect(await first.text()).toBe('<p>1</p>');
		expect(await second.text()).toBe('<p>1</p>');
		expect(second.headers.get('x-a')).toBe('1');
		expect(renders).toBe(1);
		// Another generation of the data is another page.
		expect(await (await cache.serve('GET /|g2', render)).text()).toBe('<p>2</p>');
	});

	it('a burst of one URL waits for one render', async () => {
		const cache = new ResponseCache();
		let renders = 0;
		const render = async () => {
			renders++;
			await new Promise((r) => setTimeout(r, 10));
			return new Response('same');
		};
		const bodies = await Promise.all(Array.from({ length: 16 }, async () => (await cache.serve('k', render)).text()));
		expect(renders).toBe(1);
		expect(new Set(bodies)).toEqual(new Set(['same']));
	});

	it('keeps no error, no redirect, nothing that sets a cookie, nothing too large, nothing rendered from data that changed meanwhile', async () => {
		const cache = new ResponseCache();
		const cases: [string, () => Promise<Response>][] = [
			['error', page('x', { status: 500 })],
			['redirect', async () => new Response(null, { status: 303, headers: { location: '/' } })],
			['cookie', page('x', { headers: { 'set-cookie': 'a=b' } })],
			['large', page('x'.repeat(3 * 1048576))]
		];
		for (const [key, render] of cases) {
			let renders = 0;
			const counted = async () => (renders++, render());
			const a = await cache.serve(key, counted);
			await cache.serve(key, counted);
			expect(renders, key).toBe(2);
			if (key === 'large') expect((await a.text()).length).toBe(3 * 1048576);
		}
		let renders = 0;
		await cache.serve(
			'swapped',
			async () => (renders++, new Response('old')),
			() => false
		);
		await cache.serve('swapped', async () => (renders++, new Response('new')));
		expect(renders).toBe(2);
	});

	it('is bounded in entries and age', async () => {
		const cache = new ResponseCache(1 << 20, 2, 1000);
		let renders = 0;
		const render = async () => (renders++, new Response('p'));
		await cache.serve('a', render, undefined, 0);
		await cache.serve('b', render, undefined, 0);
		await cache.serve('c', render, undefined, 0);
		expect(cache.size.entries).toBe(2);
		await cache.serve('c', render, undefined, 500);
		expect(renders).toBe(3);
		await cache.serve('c', render, undefined, 2000);
		expect(renders).toBe(4);
	});
});

describe('cacheableRequest', () => {
	it('keeps anonymous reads, and for the signed-in only what is the same for everyone', () => {
		expect(cacheableRequest(event('GET', '/anomalies', false))).toBe(true);
		expect(cacheableRequest(event('HEAD', '/', false))).toBe(true);
		expect(cacheableRequest(event('GET', '/anomalies', true))).toBe(false);
		expect(cacheableRequest(event('GET', '/reports/12024', true))).toBe(false);
		expect(cacheableRequest(event('GET', '/charts/compare-ranking.png', true))).toBe(true);
		expect(cacheableRequest(event('POST', '/api/login', false))).toBe(false);
		expect(cacheableRequest(event('POST', '/charts/x.png', true))).toBe(false);
	});
});
