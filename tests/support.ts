/**
 * What the browser tests share beyond Playwright: accounts made with `npm run user` (through the
 * running server's control socket), signing in through the API, and servers of their own for
 * tests that kill or reconfigure one.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { request, type APIRequestContext } from '@playwright/test';

export const WORKBENCH = 'test-results/e2e-workbench.duckdb';
export const PASSWORD = 'test-password-1';
/** Agencies of the shipped real data: 1 大安市叉干镇 (has findings), 4 平潭综合实验区. */
export const AGENCY_A = 1;
export const AGENCY_B = 4;

export function userCli(args: string[], opts: { workbench?: string; password?: string; env?: NodeJS.ProcessEnv } = {}): string {
	return execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/user.ts', ...args], {
		input: `${opts.password ?? PASSWORD}\n`,
		encoding: 'utf8',
		env: { ...process.env, NIANBAO_WORKBENCH: opts.workbench ?? WORKBENCH, ...opts.env }
	});
}

/** Adds an account unless it exists (tests of one run share the server's workbench). */
export function ensureUser(name: string, role: string, agency?: number, workbench?: string) {
	const list = userCli(['list'], { workbench });
	if (list.split('\n').some((l) => l.split('\t')[0] === name)) return;
	userCli(['add', name, '--role', role, ...(agency ? ['--agency', String(agency)] : [])], { workbench });
}

/** A request context signed in as `name` (its cookie kept), or anonymous. */
export async function as(baseURL: string, name: string | null): Promise<APIRequestContext> {
	const ctx = await request.newContext({ baseURL });
	if (name) {
		const r = await ctx.post('/api/login', { data: { username: name, password: PASSWORD } });
		if (r.status() !== 200) throw new Error(`login ${name}: ${r.status()} ${await r.text()}`);
	}
	return ctx;
}

const started = new Set<ChildProcess>();

/** Ends every server a test started, passed or failed (call from afterEach). */
export async function stopServers() {
	for (const child of started) {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGKILL');
			await exited;
		}
	}
	started.clear();
}

/** Servers of a test's own sit at a fixed offset from TEST_PORT, so runs in parallel checkouts do not collide. */
export const portOffset = Number(process.env.TEST_PORT ?? 4173) - 4173;

/** A server of the test's own (the built app), on another port; resolves once it answers. */
export async function startServer(requestedPort: number, env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
	const port = requestedPort + portOffset;
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, ['build'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, ...env },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	started.add(child);
	let stderr = '';
	child.stderr!.on('data', (d) => (stderr += d));
	for (let i = 0; ; i++) {
		if (child.exitCode !== null) throw new Error(`server on ${port} exited: ${stderr}`);
		try {
			const r = await fetch(`${url}/login`);
			if (r.status < 500) break;
		} catch {
			// not listening yet
		}
		if (i > 200 || child.exitCode !== null) throw new Error(`server on ${port} did not start: ${stderr}`);
		await new Promise((r) => setTimeout(r, 50));
	}
	/** SIGTERM; adapter-node then waits for open keep-alive connections, so SIGKILL after a second. */
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		const late = setTimeout(() => child.kill('SIGKILL'), 1000);
		await exited;
		clearTimeout(late);
	};
	return { url, child, stop };
}
