/**
 * Accounts and the workbench, in the browser and through the API: signing in and out, the
 * security floor (one message, throttling, cookie flags, revoked sessions, the origin check),
 * the admin page, and every write endpoint and admin page against every role.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { AGENCY_A, AGENCY_B, PASSWORD, as, ensureUser, userCli } from './support';

const ROLES = {
	admin: { role: 'admin' },
	reviewer: { role: 'reviewer' },
	viewer: { role: 'viewer' },
	agencyA: { role: 'agency', agency: AGENCY_A },
	agencyB: { role: 'agency', agency: AGENCY_B }
} as const;
type Who = keyof typeof ROLES | 'anonymous';

/** A finding of agency A (大安市叉干镇, 2024) and its report: what the review endpoints are tried on. */
let findingA: { id: string; report_id: number };

test.beforeAll(async ({ baseURL }) => {
	// Through the running server: it holds the workbench, the command reaches it over its socket.
	for (const [name, r] of Object.entries(ROLES)) ensureUser(name, r.role, 'agency' in r ? r.agency : undefined);
	const list = (await (await (await as(baseURL!, null)).get('/api/findings?region=吉林省&year=2024')).json()) as {
		id: string;
		report_id: number;
		agency_id: number;
	}[];
	findingA = list.find((f) => f.agency_id === AGENCY_A)!;
	expect(findingA).toBeTruthy();
});

test('signing in shows who is signed in; 退出 signs out and revokes the session', async ({ page, baseURL }) => {
	await page.goto('/login?next=/missing');
	await page.getByLabel('用户名').fill('reviewer');
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/\/missing$/);
	await expect(page.locator('header .account')).toContainText('reviewer（审核员）');
	const cookie = (await page.context().cookies()).find((c) => c.name === 'nianbao_session')!;
	expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
	await page.getByRole('button', { name: '退出' }).click();
	await expect(page.locator('header .account')).toContainText('登录');
	// The old token is dead on the server, not only forgotten by this browser.
	const replay = await (await as(baseURL!, null)).post('/api/logout', { headers: { cookie: `nianbao_session=${cookie.value}` } });
	expect(replay.status()).toBe(401);
});

test('a failed login gets one message, whatever failed; past five failures the account is throttled (429)', async ({ baseURL }) => {
	userCli(['add', 'locked-out', '--role', 'viewer']);
	userCli(['add', 'switched-off', '--role', 'viewer']);
	userCli(['disable', 'switched-off']);
	const ctx = await as(baseURL!, null);
	const answers = [];
	for (const [username, password] of [
		['no-such-user', PASSWORD],
		['locked-out', 'wrong-password'],
		['switched-off', PASSWORD]
	]) {
		const r = await ctx.post('/api/login', { data: { username, password } });
		answers.push([r.status(), await r.json()]);
	}
	expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
	expect(answers[0]).toEqual([401, { error: '用户名或密码错误' }]);
	for (let i = 0; i < 4; i++) await ctx.post('/api/login', { data: { username: 'locked-out', password: `wrong-${i}` } });
	const throttled = await ctx.post('/api/login', { data: { username: 'locked-out', password: PASSWORD } });
	expect(throttled.status()).toBe(429);
	expect(Number(throttled.headers()['retry-after'])).toBeGreaterThan(0);
});

test('SvelteKit’s origin check stays on: a form posted from another site is refused', async ({ baseURL }) => {
	const ctx = await as(baseURL!, null);
	const form = { username: 'admin', password: PASSWORD };
	expect((await ctx.post('/login', { form, headers: { origin: 'http://evil.example' } })).status()).toBe(403);
	expect((await ctx.post('/login', { form, headers: { origin: baseURL!, accept: 'application/json' }, maxRedirects: 0 })).status()).toBe(200);
});

/** Every write endpoint and admin page, with what each role gets. */
type Ctx = Awaited<ReturnType<typeof as>> & { origin: string };
/** `route`: the route (src/routes/…) the row exercises. */
/** `allowedStatus`: what an allowed role gets when not a 2xx (a lookup of something that is not there: 404 after the permission check). */
const MATRIX: { what: string; route: string; call: (ctx: Ctx, who: Who) => Promise<{ status(): number }>; allowed: Who[]; allowedStatus?: number }[] = [
	{
		what: 'GET /api/findings',
		route: '/api/findings',
		call: (c) => c.get('/api/findings?region=吉林省&year=2024&state=all'),
		allowed: ['anonymous', 'viewer', 'agencyA', 'agencyB', 'reviewer', 'admin']
	},
	{
		what: 'POST /api/login',
		route: '/api/login',
		// Each account signs in as itself; anonymous tries a password that is wrong.
		call: (c, who) =>
			c.post('/api/login', { data: { username: who === 'anonymous' ? 'admin' : who, password: who === 'anonymous' ? 'not-the-password' : PASSWORD } }),
		allowed: ['viewer', 'agencyA', 'agencyB', 'reviewer', 'admin']
	},
	{
		what: 'GET /api/agencies',
		route: '/api/agencies',
		call: (c) => c.get(`/api/agencies?q=${encodeURIComponent('平潭')}`),
		allowed: ['anonymous', 'viewer', 'agencyA', 'agencyB', 'reviewer', 'admin']
	},
	{ what: 'GET /admin', route: '/admin', call: (c) => c.get('/admin', { maxRedirects: 0 }), allowed: ['admin'] },
	{ what: 'GET /api/users', route: '/api/users', call: (c) => c.get('/api/users'), allowed: ['admin'] },
	{
		what: 'POST /api/users',
		route: '/api/users',
		call: (c) => c.post('/api/users', { data: { username: `new-${Math.random().toString(36).slice(2, 8)}`, role: 'viewer', password: PASSWORD } }),
		allowed: ['admin']
	},
	{
		what: 'PATCH /api/users/viewer',
		route: '/api/users/[username]',
		call: (c) => c.patch('/api/users/viewer', { data: { disabled: false } }),
		allowed: ['admin']
	},
	{ what: 'GET /api/audit', route: '/api/audit', call: (c) => c.get('/api/audit'), allowed: ['admin'] },
	{ what: 'POST /api/backup', route: '/api/backup', call: (c) => c.post('/api/backup'), allowed: ['admin'] },
	{
		what: 'POST /admin?/toggle',
		route: '/admin',
		call: (c) => c.post('/admin?/toggle', { form: { username: 'viewer', disabled: 'true' }, headers: { origin: c.origin, accept: 'application/json' } }),
		allowed: ['admin']
	},
	{
		what: 'POST /api/findings/{A}/review',
		route: '/api/findings/[id]/review',
		call: (c) => c.post(`/api/findings/${findingA.id}/review`, { data: { state: 'confirmed', note: '矩阵' } }),
		allowed: ['admin', 'reviewer']
	},
	{
		what: 'POST /api/findings/review',
		route: '/api/findings/review',
		call: (c) => c.post('/api/findings/review', { data: { ids: [findingA.id], state: 'confirmed' } }),
		allowed: ['admin', 'reviewer']
	},
	{
		what: 'POST /api/findings/{A}/reply',
		route: '/api/findings/[id]/reply',
		call: (c) => c.post(`/api/findings/${findingA.id}/reply`, { data: { text: '矩阵说明' } }),
		allowed: ['agencyA']
	},
	{
		what: 'POST /reports/{A}?/reply',
		route: '/reports/[id]',
		call: (c) =>
			c.post(`/reports/${findingA.report_id}?/reply`, {
				form: { id: findingA.id, text: '矩阵说明' },
				headers: { origin: c.origin, accept: 'application/json' }
			}),
		allowed: ['agencyA']
	},
	{
		what: 'POST /anomalies?/review',
		route: '/anomalies',
		call: (c) =>
			c.post('/anomalies?/review', { form: { id: findingA.id, state: 'confirmed', note: '' }, headers: { origin: c.origin, accept: 'application/json' } }),
		allowed: ['admin', 'reviewer']
	},
	{
		what: 'GET /api/problems.xlsx',
		route: '/api/problems.xlsx',
		call: (c) => c.get('/api/problems.xlsx?region=吉林省&year=2024'),
		allowed: ['admin', 'reviewer']
	},
	{
		what: 'GET /api/roster',
		route: '/api/roster',
		call: (c) => c.get('/api/roster?region=福建省&year=2025'),
		allowed: ['anonymous', 'viewer', 'agencyA', 'agencyB', 'reviewer', 'admin']
	},
	{
		what: 'GET /api/notices.docx?kind=missing',
		route: '/api/notices.docx',
		// 平潭综合实验区财政金融局's 2025 report is missing: a 催报通知 is the office's to send.
		call: (c) => c.get('/api/notices.docx?agency=5&year=2025&kind=missing'),
		allowed: ['admin', 'reviewer']
	},
	{
		what: 'GET /api/notices.docx',
		route: '/api/notices.docx',
		call: (c) => c.get('/api/notices.docx?region=吉林省&year=2024'),
		allowed: ['admin', 'reviewer']
	},
	{
		what: 'GET /api/notices.docx?agency',
		route: '/api/notices.docx',
		call: (c) => c.get(`/api/notices.docx?agency=${AGENCY_A}&year=2024`),
		allowed: ['admin', 'reviewer']
	},
	{ what: 'GET /notices', route: '/notices', call: (c) => c.get('/notices?region=吉林省&year=2024', { maxRedirects: 0 }), allowed: ['admin', 'reviewer'] },
	{ what: 'GET /api/registry', route: '/api/registry', call: (c) => c.get(`/api/registry?q=${encodeURIComponent('平潭')}`), allowed: ['admin', 'reviewer'] },
	{
		what: 'GET /api/registry/ingests/{id}',
		route: '/api/registry/ingests/[id]',
		call: (c) => c.get('/api/registry/ingests/0123456789abcdef'),
		allowed: ['admin', 'reviewer'],
		allowedStatus: 404
	},
	{ what: 'GET /registry', route: '/registry', call: (c) => c.get('/registry', { maxRedirects: 0 }), allowed: ['admin', 'reviewer'] },
	// What the shipped registry says already (agency B has no last year): allowed, it writes nothing (checked below).
	{
		what: 'POST /api/registry',
		route: '/api/registry',
		call: (c) => c.post('/api/registry', { data: { op: 'close', id: AGENCY_B, last_year: null } }),
		allowed: ['admin', 'reviewer']
	},
	{
		what: 'POST /registry?/close',
		route: '/registry',
		call: (c) => c.post('/registry?/close', { form: { id: String(AGENCY_B), last_year: '' }, headers: { origin: c.origin, accept: 'application/json' } }),
		allowed: ['admin', 'reviewer']
	},
	{ what: 'POST /api/logout', route: '/api/logout', call: (c) => c.post('/api/logout'), allowed: ['admin', 'reviewer', 'viewer', 'agencyA', 'agencyB'] }
];

test('every write endpoint and admin page × every role: 2xx, 401 or 403, decided on the server', async ({ baseURL }) => {
	// A sign-in (scrypt) per call, some 100 calls: minutes on a busy machine.
	test.setTimeout(180_000);
	const registry = readFileSync('data/agencies.csv', 'utf8');
	const seen: string[] = [];
	for (const who of ['anonymous', ...Object.keys(ROLES)] as Who[]) {
		for (const m of MATRIX) {
			// A fresh session for each call: logout ends it, and the toggle would disable `viewer`.
			const ctx = Object.assign(await as(baseURL!, who === 'anonymous' ? null : who), { origin: baseURL! });
			const status = (await m.call(ctx, who)).status();
			if (m.what === 'POST /admin?/toggle' && status < 300) userCli(['enable', 'viewer']);
			const expected = m.allowed.includes(who) ? 'ok' : who === 'anonymous' ? 401 : 403;
			seen.push(`${who} ${m.what} ${status}`);
			if (expected === 'ok' && m.allowedStatus) expect(status, `${who} ${m.what}`).toBe(m.allowedStatus);
			else if (expected === 'ok') expect(status, `${who} ${m.what}`).toBeLessThan(300);
			else expect(status, `${who} ${m.what}`).toBe(expected);
			await ctx.dispose();
		}
	}
	expect(seen.length).toBe(MATRIX.length * 6);
	// The registry rows changed nothing: the shipped registry is never written by a test.
	expect(readFileSync('data/agencies.csv', 'utf8')).toBe(registry);
});

test('the admin page adds, re-roles and disables accounts, each change in the audit log', async ({ page }) => {
	await page.goto('/login?next=/admin');
	await page.getByLabel('用户名').fill('admin');
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('heading', { name: '用户与日志' })).toBeVisible();
	const name = `clerk-${Date.now() % 100000}`;
	const add = page.getByRole('form', { name: '添加用户' });
	await add.getByLabel('用户名').fill(name);
	await add.getByLabel('角色').selectOption('agency');
	await add.getByLabel('单位编号').fill(String(AGENCY_B));
	await add.getByLabel('初始密码').fill(PASSWORD);
	await add.getByRole('button', { name: '添加' }).click();
	const users = page.getByRole('table', { name: '用户' });
	const row = users.getByRole('row').filter({ hasText: name });
	// 所属单位 by its name, leading to its page.
	await expect(row.getByRole('link', { name: '平潭综合实验区', exact: true })).toHaveAttribute('href', `/agencies/${AGENCY_B}`);
	await row.getByRole('button', { name: '停用' }).click();
	await expect(users.getByRole('row').filter({ hasText: name })).toContainText('已停用');
	// The log, filtered to this account: actions and records in words, not codes or JSON.
	await page.goto(`/admin?target=${name}`);
	const log = page.getByRole('table', { name: '操作日志' });
	await expect(log).toContainText('添加用户');
	await expect(log).toContainText('停用用户');
	await expect(log).toContainText('角色：单位；所属单位：');
	await expect(log).toContainText('停用：是');
	await expect(log).not.toContainText('user.add');
	await expect(log).not.toContainText('{"');
	await expect(log.getByRole('row')).toHaveCount(3);
});

test('an agency account must name an existing agency', () => {
	expect(() => userCli(['add', 'nowhere', '--role', 'agency', '--agency', '999999'])).toThrow(/没有编号为 999999 的单位/);
	expect(() => userCli(['add', 'half', '--role', 'agency'])).toThrow(/所属单位/);
});

test('a reviewer’s note on agency A’s finding is not readable by agency B, nor anonymously; agency A reads it', async ({ baseURL }) => {
	const reviewer = await as(baseURL!, 'reviewer');
	const note = `内部核实意见-${Date.now()}`;
	expect((await reviewer.post(`/api/findings/${findingA.id}/review`, { data: { state: 'confirmed', note } })).status()).toBe(200);
	for (const who of ['agencyB', null, 'viewer'] as const) {
		const ctx = await as(baseURL!, who);
		const page = await (await ctx.get(`/reports/${findingA.report_id}`)).text();
		const api = await (await ctx.get('/api/findings?region=吉林省&year=2024')).text();
		expect(page, String(who)).not.toContain(note);
		expect(api, String(who)).not.toContain(note);
	}
	const mine = await (await (await as(baseURL!, 'agencyA')).get(`/reports/${findingA.report_id}`)).text();
	expect(mine).toContain(note);
});
