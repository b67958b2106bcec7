/**
 * `npm start` ends with its server: a SIGTERM or SIGINT to npm's own process reaches the server,
 * which shuts down, and every process npm started is gone (none re-parented and left serving).
 * And the server stops by itself when start.ts is killed outright.
 * Runs the real `npm start` (it builds the app first when the build is stale).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Shifted with TEST_PORT (as the browser tests' servers are), so that checkouts testing side by side do not answer each other's. */
const PORT_BASE = 4540 + Number(process.env.TEST_PORT ?? 4173) - 4173;
let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-start-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

/** Every process below pid, from /proc. */
function descendants(pid: number): { pid: number; cmd: string }[] {
	const parent = new Map<number, number>();
	for (const e of readdirSync('/proc')) {
		if (!/^\d+$/.test(e)) continue;
		try {
			const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
			parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
		} catch {
			// gone meanwhile
		}
	}
	const out: { pid: number; cmd: string }[] = [];
	const walk = (p: number) => {
		for (const [c, pp] of parent)
			if (pp === p) {
				let cmd = '';
				try {
					cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8').replace(/\0/g, ' ');
				} catch {
					// gone
				}
				out.push({ pid: c, cmd });
				walk(c);
			}
	};
	walk(pid);
	return out;
}

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		// A zombie is dead for our purpose: it serves nothing.
		return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
};

async function until(test: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (await test()) return true;
		await new Promise((r) => setTimeout(r, 200));
	}
	return test();
}

const answers = (port: number) =>
	fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) }).then(
		() => true,
		() => false
	);

async function startServer(port: number): Promise<{ npm: ChildProcess; tree: { pid: number; cmd: string }[] }> {
	const npm = spawn('npm', ['start'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			NIANBAO_DB: path.join(dir, `none-${port}.duckdb`),
			NIANBAO_WORKBENCH: path.join(dir, `wb-${port}.duckdb`)
		},
		stdio: 'ignore'
	});
	expect(await until(() => answers(port), 150_000)).toBe(true);
	const tree = descendants(npm.pid!);
	expect(tree.some((p) => p.cmd.includes('build/index.js'))).toBe(true);
	return { npm, tree };
}

describe('npm start', () => {
	it.each(['SIGTERM', 'SIGINT'] as const)(
		'%s to npm ends the server and every process under npm',
		async (sig) => {
			const port = PORT_BASE + (sig === 'SIGTERM' ? 0 : 1);
			const { npm, tree } = await startServer(port);
			const exited = new Promise<number | null>((r) => npm.once('exit', (code) => r(code)));
			try {
				process.kill(npm.pid!, sig);
				await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
				expect(await until(() => tree.every((p) => !alive(p.pid)), 15_000), JSON.stringify(tree.filter((p) => alive(p.pid)))).toBe(true);
				expect(await answers(port)).toBe(false);
			} finally {
				for (const p of tree) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL'); // what a failure left
				if (alive(npm.pid!)) npm.kill('SIGKILL');
			}
		},
		200_000
	);

	it('SIGTERM ends it within 10 s once the upload page has started its parser processes', async () => {
		const port = PORT_BASE + 3;
		const { npm, tree } = await startServer(port);
		try {
			execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/user.ts', 'add', 'stopper', '--role', 'reviewer'], {
				input: 'stop-password-1\n',
				env: { ...process.env, NIANBAO_WORKBENCH: path.join(dir, `wb-${port}.duckdb`) }
			});
			const login = await fetch(`http://127.0.0.1:${port}/api/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
				body: JSON.stringify({ username: 'stopper', password: 'stop-password-1' })
			});
			expect(login.status).toBe(200);
			const cookie = login.headers.get('set-cookie')!.split(';')[0];
			// The upload page starts the parser processes (they idle for minutes); without a database to show, the page itself is an error.
			await fetch(`http://127.0.0.1:${port}/upload`, { headers: { cookie } });
			expect(await until(() => descendants(npm.pid!).some((p) => p.cmd.includes('parse-worker')), 20_000)).toBe(true);
			const all = descendants(npm.pid!);
			const t = Date.now();
			process.kill(npm.pid!, 'SIGTERM');
			expect(await until(() => all.every((p) => !alive(p.pid)), 10_000), JSON.stringify(all.filter((p) => alive(p.pid)))).toBe(true);
			expect(Date.now() - t).toBeLessThan(10_000);
		} finally {
			for (const p of descendants(npm.pid!)) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
			for (const p of tree) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
			if (alive(npm.pid!)) npm.kill('SIGKILL');
		}
	}, 200_000);

	it('a server whose start.ts is killed outright stops by itself', async () => {
		const port = PORT_BASE + 2;
		const { npm, tree } = await startServer(port);
		const start = tree.find((p) => p.cmd.includes('src/cli/start.ts') && p.cmd.includes('loader'))!;
		const server = tree.find((p) => p.cmd.includes('build/index.js'))!;
		try {
			process.kill(start.pid, 'SIGKILL');
			expect(await until(() => !alive(server.pid), 10_000)).toBe(true);
			expect(await answers(port)).toBe(false);
		} finally {
			for (const p of tree) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
			if (alive(npm.pid!)) npm.kill('SIGKILL');
		}
	}, 200_000);
});
