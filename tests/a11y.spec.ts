/**
 * axe-core on every page (WCAG 2.x A/AA and axe's best practices): no violation, as the public
 * sees them and, for the pages that need an account, as an admin. And the keyboard's way in: a
 * skip link first.
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ensureUser, PASSWORD } from './support';

/** Generated data (the banner), real data, a report with findings, search hits of both kinds. */
const PUBLIC = [
	'/',
	'/?region=示例省',
	'/compare',
	'/compare?region=示例省&level=province',
	'/anomalies',
	'/missing',
	'/missing?level=province',
	'/reports',
	'/search?q=淮安',
	'/search?q=hzq',
	'/agencies/4',
	'/reports/12024',
	'/reports/42019',
	'/login'
];
const ADMIN = ['/notices?region=示例省', '/upload', '/admin', '/reports/12024', '/registry?id=3', '/registry?q=平潭'];

async function settled(page: Page) {
	await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
	for (const c of await page.locator('[data-chart]').all()) await expect(c).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
}

async function violations(page: Page): Promise<string[]> {
	const r = await new AxeBuilder({ page }).analyze();
	return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const url of PUBLIC) {
	test(`axe: ${url} has no violation`, async ({ page }) => {
		expect((await page.goto(url))?.status()).toBe(200);
		await settled(page);
		expect(await violations(page)).toEqual([]);
	});
}

test('axe: the pages of an admin have no violation', async ({ page }) => {
	test.setTimeout(120_000);
	ensureUser('a11y-admin', 'admin');
	expect((await page.request.post('/api/login', { data: { username: 'a11y-admin', password: PASSWORD } })).status()).toBe(200);
	for (const url of ADMIN) {
		expect((await page.goto(url))?.status(), url).toBe(200);
		await settled(page);
		expect(await violations(page), url).toEqual([]);
	}
});

test('the first tab stop is 跳到正文, and it lands on the page’s content', async ({ page }) => {
	await page.goto('/compare');
	await settled(page);
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: '跳到正文' });
	await expect(skip).toBeFocused();
	await expect(skip).toBeVisible();
	await page.keyboard.press('Enter');
	await expect(page.locator('main')).toBeFocused();
	// The next tab stop is inside the content, not the menu again.
	await page.keyboard.press('Tab');
	expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
});
