/**
 * The server's ingests of the report folders into the served database, one at a time: an
 * upload's commit (uploads/service.ts) and a change of the registry (registry/service.ts) each
 * wait their turn. Each runs in a process of its own (build/ingest-process.ts), which builds
 * aside and swaps, so the dashboard keeps answering on the previous database meanwhile.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dbPath, select, type Host } from './db.js';
import { jobOutcome, startJob } from '../build/jobs.js';
import { IngestStage } from '../upload/stage.js';

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
 * database as a job of its own (build/ingest-process.ts), telling `onStage` where it is;
 * resolves with its summary line, rejects with its reason. `only`: a commit's files, the only
 * ones read (build/ingest.ts).
 */
export async function ingestChild(h: Host, onStage: (stage: IngestStage) => void, only: string[] = []): Promise<string> {
	// The uploads' folder is read once there is one (a registry change may come before any upload).
	const paths = ingestPaths().filter((p) => p !== uploadDir() || existsSync(p));
	// An ingest drops the reports of files it does not see: refuse rather than lose any.
	if (existsSync(dbPath())) {
		const outside = (await h.read((c) => select(c, Path, `SELECT path FROM files`))).filter((f) => !covers(paths, f.path));
		if (outside.length) throw new Error(`已入库的文件不在入库目录（${paths.join('、')}）中，例如 ${outside[0].path}；请设置 NIANBAO_INGEST_PATHS`);
	}
	// By its path from the working folder: the server runs from its build, not beside the module.
	const child = startJob(path.resolve('src/lib/build/ingest-process.ts'), [
		'--db',
		dbPath(),
		'--registry',
		registryPath(),
		...only.flatMap((file) => ['--only', file]),
		...paths
	]);
	running.add(child);
	child.once('exit', () => running.delete(child));
	return jobOutcome<string, IngestStage>(child, (stage) => onStage(IngestStage.parse(stage)));
}
