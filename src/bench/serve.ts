/** The built app, served for a bench on a database of its choosing and a workbench of its own (never the one under data/). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Builds the app when there is no build yet (the bench measures the build it finds). */
export function buildApp() {
	if (!existsSync('build/handler.js')) spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}

export interface Served {
	child: ChildProcess;
	stop(): Promise<void>;
}

/** Serves the app as `npm start` does (src/cli/serve.ts), and resolves once it answers. */
export async function serveApp(
	db: string,
	port: number,
	workbench = path.join(mkdtempSync(path.join(tmpdir(), 'nianbao-bench-')), 'workbench.duckdb'),
	env: NodeJS.ProcessEnv = {}
): Promise<Served> {
	const child = spawn(process.execPath, ['build'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}`, NIANBAO_DB: db, NIANBAO_WORKBENCH: workbench, ...env },
		stdio: 'ignore'
	});
	const stop = () =>
		new Promise<void>((resolve) => {
			if (child.exitCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
		});
	for (let i = 0; i < 200; i++) {
		try {
			await fetch(`http://127.0.0.1:${port}/search`);
			return { child, stop };
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	await stop();
	throw new Error('server did not start');
}
