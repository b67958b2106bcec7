/**
 * Issue #18 in the browser and over HTTP: no page breaks its own CSP; every response carries the
 * security headers; and a bounded fuzz of every route and URL parameter never gets a 500.
 */
import { expect, request, test, type Page } from '@playwright/test';
import { PASSWORD, ensureUser } from './support';
import { connect } from 'node:net';

const PAGES = ['/', '/compare', '/anomalies', '/missing', '/reports', '/agencies/1', '/reports/12024', '/search?q=公安局', '/login'];

/** CSP violations: the console's reports and the document's securitypolicyviolation events. */
async function watchCsp(page: Page) {
	const seen: string[] = [];
	page.on('console', (m) => /Content Security Policy|unsafe-eval/i.test(m.text()) && seen.push(`console ${m.type()}: ${m.text()}`));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			((window as unknown as { __csp: string[] }).__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
		});
	});
	return async () => [...seen, ...((await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp)) ?? [])];
}

for (const url of PAGES) {
	test(`${url}: no CSP violation`, async ({ page }) => {
		const violations = await watchCsp(page);
		const res = await page.goto(url);
		expect(res?.status()).toBe(200);
		await page.waitForLoadState('networkidle');
		// Charts are drawn and a tooltip shown: the code paths that ran eval before.
		const chart = page.locator('[data-chart]').first();
		if (await chart.count()) {
			await expect(chart).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
			await chart.hover();
		}
		expect(await violations()).toEqual([]);
	});
}

const HEADERS = [
	'/',
	'/compare',
	'/reports/12024',
	'/charts/compare-scatter.svg',
	'/charts/compare-ranking.csv',
	'/charts/overview-trend.png',
	'/api/login',
	'/no-such-page',
	'/charts/constructor.svg',
	'/login?next=/compare'
];

test('every response carries the security headers; SVG its own CSP', async ({ request }) => {
	for (const url of HEADERS) {
		const r = await request.get(url, { maxRedirects: 0 });
		const h = r.headers();
		expect(h['x-content-type-options'], url).toBe('nosniff');
		expect(h['referrer-policy'], url).toBeTruthy();
		expect(h['content-security-policy'], url).toContain("frame-ancestors 'none'");
		if (url.endsWith('.svg') && r.status() === 200) expect(h['content-security-policy'], url).not.toContain('script-src');
	}
	// A page keeps SvelteKit's CSP (its scripts' hashes), not the one for other responses.
	const page = (await request.get('/compare')).headers()['content-security-policy'];
	expect(page).toContain("script-src 'self'");
	expect(page).not.toContain('unsafe-eval');
	// Built assets, served before SvelteKit runs, carry them too.
	const html = await (await request.get('/')).text();
	const asset = /\/_app\/immutable\/[^"']+\.js/.exec(html)?.[0];
	expect(asset).toBeTruthy();
	const a = await request.get(asset!);
	expect(a.status()).toBe(200);
	expect(a.headers()['x-content-type-options']).toBe('nosniff');
	expect(a.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
	expect((await request.get('/charts/constructor.svg')).status()).toBe(404);
	expect((await request.get('/charts/__proto__.csv')).status()).toBe(404);
	expect((await request.get('/charts/hasOwnProperty.png')).status()).toBe(404);
});

/** Values a URL parameter may be given by mistake or malice. */
const VALUES = [
	'',
	'0',
	'-1',
	'1',
	'2024',
	'1999',
	'2101',
	'2147483648',
	'-2147483649',
	'9223372036854775808',
	'9'.repeat(40),
	'1e309',
	'1.5',
	'0x10',
	' 1',
	'１２',
	'NaN',
	'Infinity',
	'null',
	'undefined',
	'constructor',
	'__proto__',
	'toString',
	'[]',
	'{}',
	"'",
	'"',
	"1' OR '1'='1",
	'1;DROP TABLE reports',
	'%',
	'_',
	'\\',
	'/',
	'..',
	'../../etc/passwd',
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	"=cmd|'/C calc'!A0",
	'示例省',
	'示例省/示例市',
	'吉林省/白城市/大安市',
	'a'.repeat(5000),
	'1,2,3,4,5,6,7',
	'1,,2',
	',',
	'\u0000',
	'\ud83d\ude00',
	'county',
	'township',
	'disclosure_rate',
	'new_received',
	't3_balance',
	'error',
	'info'
];
/** Values that are not valid UTF-8 once decoded: sent raw in the query string. */
const RAW = ['%ff', '%ED%A0%80', '%C0%AF', '%00', '%', '%zz'];

/** Every route with its parameters (query names, and path segments as `{}`). */
const ROUTES: { path: string; query: string[] }[] = [
	{ path: '/', query: ['year', 'region', 'level'] },
	{ path: '/compare', query: ['year', 'region', 'level', 'metric', 'ids'] },
	{ path: '/anomalies', query: ['year', 'region', 'level', 'rule', 'severity'] },
	{ path: '/missing', query: ['year', 'region', 'level', 'all'] },
	{ path: '/reports', query: ['year', 'region', 'level'] },
	{ path: '/search', query: ['q'] },
	{ path: '/login', query: ['next'] },
	{ path: '/agencies/{}', query: ['year'] },
	{ path: '/reports/{}', query: [] },
	{ path: '/reports/12024/source/{}', query: [] },
	{ path: '/reports/{}/source/0', query: [] },
	{ path: '/charts/{}.svg', query: [] },
	{ path: '/charts/{}.csv', query: [] },
	{ path: '/charts/compare-ranking.csv', query: ['year', 'region', 'level', 'metric'] },
	{ path: '/charts/compare-heatmap.csv', query: ['metric', 'year'] },
	{ path: '/charts/compare-scatter.svg', query: ['year', 'region', 'level'] },
	{ path: '/charts/overview-trend.png', query: ['year'] },
	{ path: '/api/audit', query: ['actor', 'action', 'target', 'limit'] },
	{ path: '/api/users/{}', query: [] }
];

/** A deterministic sequence (mulberry32): the same requests on every run. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** At most this many requests, in at most this long (loopback only). */
const MAX_REQUESTS = 2500;
const MAX_MS = 150_000;

test('a bounded fuzz of every route and parameter gets no 500', async ({ request }) => {
	test.setTimeout(MAX_MS + 30_000);
	const urls: string[] = [];
	const enc = (v: string) => encodeURIComponent(v);
	for (const r of ROUTES) {
		const at = (v: string, raw = false) => r.path.replace('{}', raw ? v : enc(v));
		if (r.path.includes('{}')) {
			for (const v of VALUES) if (v && v !== '/' && v !== '..') urls.push(at(v));
			for (const v of RAW) urls.push(at(v, true));
		}
		// Each parameter alone with every value, raw values too.
		for (const q of r.query) {
			for (const v of VALUES) urls.push(`${at('1')}?${q}=${enc(v)}`);
			for (const v of RAW) urls.push(`${at('1')}?${q}=${v}`);
			urls.push(`${at('1')}?${q}=1&${q}=2`); // repeated
		}
	}
	// Then random combinations of every parameter of a route.
	const rnd = random(18);
	const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
	while (urls.length < MAX_REQUESTS) {
		const r = pick(ROUTES);
		const q = r.query.filter(() => rnd() < 0.6).map((k) => `${k}=${rnd() < 0.1 ? pick(RAW) : enc(pick(VALUES))}`);
		urls.push(`${r.path.replace('{}', enc(pick(VALUES)) || '1')}${q.length ? '?' + q.join('&') : ''}`);
	}
	const start = Date.now();
	const failures: string[] = [];
	let sent = 0;
	for (const url of urls.slice(0, MAX_REQUESTS)) {
		if (Date.now() - start > MAX_MS) break;
		const r = await request.get(url, { maxRedirects: 0, failOnStatusCode: false });
		sent++;
		if (r.status() >= 500) failures.push(`${r.status()} ${url.slice(0, 200)}`);
	}
	console.log(`fuzz: ${sent} requests in ${Date.now() - start} ms, ${failures.length} answered 5xx`);
	expect(sent).toBeGreaterThan(1000);
	expect(failures).toEqual([]);
});

test('bodies are bounded while they stream: a large sign-in, form or JSON body gets 413, and the login’s next never leaves the site', async ({ baseURL }) => {
	// Past the bounds (16 KB for the login, 64 KB a form), small enough to be sent whole before the answer.
	const big = 'x'.repeat(100 * 1024);
	const origin = { origin: baseURL! };
	const api = await request.newContext({ baseURL });
	expect((await api.post('/api/login', { data: big, headers: { ...origin, 'content-type': 'application/json' } })).status()).toBe(413);
	const form = await api.post('/login', { headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' }, data: `username=a&password=${big}` });
	expect(form.status()).toBe(413);
	// Normalised, `/..//evil.example` would be `//evil.example`: a sign-in never leads there.
	ensureUser('hard-viewer', 'viewer');
	for (const next of ['%2F..%2F%2Fevil.example%2Fphish', '/%2e%2e//evil.example']) {
		const signedIn = await api.post(`/login?next=${next}`, {
			headers: { ...origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			data: `username=hard-viewer&password=${encodeURIComponent(PASSWORD)}`,
			maxRedirects: 0
		});
		expect(signedIn.status(), next).toBe(303);
		expect(signedIn.headers()['location'], next).toBe('/');
	}
});

test('what Node answers by itself (431 for oversized headers) carries the security headers too', async ({ baseURL }) => {
	const { hostname, port } = new URL(baseURL!);
	const head = await new Promise<string>((resolve, reject) => {
		const socket = connect(Number(port), hostname, () => socket.write(`GET / HTTP/1.1\r\nHost: ${hostname}\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`));
		let got = '';
		socket.on('data', (d) => (got += d.toString('latin1')));
		socket.on('end', () => resolve(got));
		socket.on('error', reject);
		setTimeout(() => (socket.destroy(), resolve(got)), 5000);
	});
	expect(head).toMatch(/^HTTP\/1\.1 431 /);
	expect(head.toLowerCase()).toContain("content-security-policy: default-src 'none'");
	expect(head.toLowerCase()).toContain('x-content-type-options: nosniff');
});
