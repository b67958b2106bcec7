/**
 * The server's ingests of the report folders into the served database, one at a time: an
 * upload's commit (uploads/service.ts) and a change of the registry (registry/service.ts) each
 * wait their turn. Each runs in a process of its own (src/cli/upload-ingest.ts), which builds
 * aside and swaps, so the dashboard keeps answering on the previous database meanwhile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dbPath, select, type Host } from './db.js';
import { BUILD_NODE_FLAGS } from '../ingest/fork.js';

/** Where report files live; what an ingest reads (NIANBAO_INGEST_PATHS, separated by the path delimiter, adds to it). */
export const reportsRoot = () => process.env.NIANBAO_REPORTS ?? 'data/reports';
export const uploadDir = () => process.env.NIANBAO_UPLOAD_DIR ?? path.join(reportsRoot(), 'uploads');
/** The registry file people's decisions are written to (an upload's agency choices, the registry page), and an ingest reads. */
export const registryPath = () => process.env.NIANBAO_REGISTRY ?? 'data/agencies.csv';

export function ingestPaths(): string[] {
	const given = process.env.NIANBAO_INGEST_PATHS?.split(path.delimiter).filter(Boolean) ?? [reportsRoot()];
	return covers(given, uploadDir()) ? given : [...given, uploadDir()];
}

const within = (root: string, p: string) => {
	const rel = path.relative(path.resolve(root), path.resolve(p));
	return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};
const covers = (roots: string[], p: string) => roots.some((r) => within(r, p));

let queue: Promise<unknown> = Promise.resolve();
/** The ingest processes running now: ended with the server (each builds aside, so the database stays the one before). */
const running = new Set<ChildProcess>();

/** Ends every running ingest (the server's end); an upload's is marked failed at the next start. */
export function stopIngests() {
	for (const child of running) child.kill('SIGTERM');
}
let waiting = 0;

/** Runs the job after every job queued before it (whatever became of them). */
export function enqueue(job: () => Promise<void>): void {
	waiting++;
	queue = queue.then(() => job().finally(() => waiting--));
}

/** How many jobs wait for or run an ingest now. */
export const pendingIngests = () => waiting;

const Path = z.object({ path: z.string() });

/**
 * Ingests the report folders (ingestPaths) with the registry (registryPath) into the served
 * database in a process of its own, telling `onProgress` how far it is (0..1, at most four
 * times a second); resolves with its summary line, rejects with its reason. `only`: a commit's
 * files, the only ones read (store/ingest.ts).
 */
export async function ingestChild(h: Host, onProgress: (fraction: number) => void, only: string[] = []): Promise<string> {
	// The uploads' folder is read once there is one (a registry change may come before any upload).
	const paths = ingestPaths().filter((p) => p !== uploadDir() || existsSync(p));
	// An ingest drops the reports of files it does not see: refuse rather than lose any.
	if (existsSync(dbPath())) {
		const outside = (await h.read((c) => select(c, Path, `SELECT path FROM files`))).filter((f) => !covers(paths, f.path));
		if (outside.length) throw new Error(`已入库的文件不在入库目录（${paths.join('、')}）中，例如 ${outside[0].path}；请设置 NIANBAO_INGEST_PATHS`);
	}
	const child = spawn(
		process.execPath,
		[
			...BUILD_NODE_FLAGS,
			'--import',
			'tsx',
			path.resolve('src/cli/upload-ingest.ts'),
			'--db',
			dbPath(),
			'--registry',
			registryPath(),
			...only.flatMap((file) => ['--only', file]),
			...paths
		],
		{
			// The IPC channel ties the ingest to this server: killed, it takes the ingest with it (upload-ingest.ts).
			stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
			env: process.env
		}
	);
	running.add(child);
	child.once('exit', () => running.delete(child));
	let err = '';
	let last = '';
	let buffered = '';
	let lastWrite = 0;
	child.stderr!.on('data', (d) => (err = (err + d).slice(-2000)));
	child.stdout!.on('data', (d) => {
		buffered += d;
		const lines = buffered.split('\n');
		buffered = lines.pop()!;
		for (const line of lines) {
			const m = /^progress (\d+) (\d+)$/.exec(line);
			if (m && Date.now() - lastWrite > 250) {
				lastWrite = Date.now();
				// Reading the files is most of it; the checks after take the rest.
				onProgress((0.9 * Number(m[1])) / Math.max(1, Number(m[2])));
			} else if (line.startsWith('ingested ')) last = line;
		}
	});
	const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
	if (code !== 0) throw new Error(err.trim().split('\n').pop() || `入库进程退出（${code}）`);
	return last;
}
