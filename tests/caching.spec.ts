/**
 * What the server keeps between requests (issue #21) never outlives what it was made from: a
 * reader without an account sees a review the moment it is recorded, on the page and in the
 * API, though both were kept whole a moment before; and a signed-in reader is never served the
 * page kept for readers without an account.
 */
import { expect, test } from '@playwright/test';
import { as, ensureUser } from './support';

test.beforeAll(() => ensureUser('cachereviewer', 'reviewer'));

const LIST = '/anomalies?region=吉林省&year=2024';

test('a review is seen at once by readers without an account, though their page and API answer were kept', async ({ baseURL }) => {
	const anonymous = await as(baseURL!, null);
	const reviewer = await as(baseURL!, 'cachereviewer');
	const api = `/api/findings?region=吉林省&year=2024`;
	const findings = (await (await anonymous.get(api)).json()) as { id: string; state: string }[];
	const open = findings.find((f) => f.state === 'open');
	expect(open, 'an open finding to review').toBeTruthy();
	// Asked twice: the second answer is the kept one.
	for (let i = 0; i < 2; i++) expect(await (await anonymous.get(LIST)).text()).toContain(open!.id);

	const review = await reviewer.post(`/api/findings/${open!.id}/review`, { data: { state: 'dismissed', note: '缓存测试：误报' } });
	expect(review.status()).toBe(200);

	const after = (await (await anonymous.get(api)).json()) as { id: string; state: string }[];
	expect(after.find((f) => f.id === open!.id)?.state).toBe('dismissed');
	// A dismissed finding leaves the default list.
	expect(await (await anonymous.get(LIST)).text()).not.toContain(open!.id);
	// Undo, so other tests find the state they expect.
	await reviewer.post(`/api/findings/${open!.id}/review`, { data: { state: 'open', note: '' } });
	expect(await (await anonymous.get(LIST)).text()).toContain(open!.id);
});

test('a signed-in reader is never served the page kept for readers without an account', async ({ baseURL }) => {
	const anonymous = await as(baseURL!, null);
	const reviewer = await as(baseURL!, 'cachereviewer');
	const kept = await (await anonymous.get(LIST)).text();
	expect(kept).toContain('登录');
	const mine = await (await reviewer.get(LIST)).text();
	expect(mine).toContain('cachereviewer');
	expect(mine).not.toBe(kept);
});
