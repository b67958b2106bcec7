/**
 * The database being built by an ingest, and the steps over it once its reports are stored — the
 * checks, then the serving tables — each of which may run in a process of its own
 * (build-step-process.ts): a process that ends gives all its memory back, where one that goes on
 * keeps what its allocators and V8 held at their peak.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { constants } from 'node:fs';
import { copyFile, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runChecks } from './checks.js';
import { writeServingTables } from './serving.js';
import { isScoped } from './changes.js';
import { jobOutcome, startJob } from './jobs.js';
import { siblingModule } from '../ingest/fork.js';

/**
 * The new database is built in a temporary file beside the old one — a copy of it, updated, or
 * an empty one — and renamed into place when complete: readers holding the old file keep
 * reading it, and a killed ingest leaves the old one as it was.
 */
export const buildFileOf = (db: string) => `${db}.tmp-${process.pid}`;

export async function startBuildFile(db: string, fromOld: boolean): Promise<string> {
	const tmp = buildFileOf(db);
	await removeAbandoned(db);
	// Copying first lets the list of files and the comparison with the old one live in DuckDB,
	// not in memory; a rerun that finds nothing changed throws the copy away. A copy made after
	// the last build (prepareSpare) is taken instead when it is of the file as it is now.
	if (fromOld) {
		await spareWritten(db);
		const spare = spareOf(db, await identity(db));
		if (existsSync(spare)) await rename(spare, tmp);
		else await copyFile(db, tmp, constants.COPYFILE_FICLONE);
	}
	await removeSpares(db, null);
	return tmp;
}

/**
 * The next build's starting copy, made after a build is published and off its way (a commit
 * then starts at once rather than copying the whole file: the one cost of a commit that grows
 * with the corpus; docs/scaling.md). Named by the published file's identity, so that a spare of
 * a file since replaced is never taken; written aside and renamed, so that half a copy never is.
 */
export async function prepareSpare(db: string) {
	const of = await identity(db);
	if (!of) return;
	const writing = `${db}.spare-writing-${process.pid}`;
	try {
		await copyFile(db, writing, constants.COPYFILE_FICLONE);
		if ((await identity(db)) === of) await rename(writing, spareOf(db, of));
	} finally {
		await rm(writing, { force: true });
	}
	await removeSpares(db, of);
}

const spareOf = (db: string, of: string | null) => `${db}.spare-${of}`;

/** A spare another process is writing, waited for (a copy each at once would take twice as long). */
async function spareWritten(db: string) {
	const prefix = `${path.basename(db)}.spare-writing-`;
	const writing = async () =>
		(await readdir(path.dirname(db))).some(
			(n) => n.startsWith(prefix) && Number(n.slice(prefix.length)) !== process.pid && alive(Number(n.slice(prefix.length)))
		);
	for (let waited = 0; waited < SPARE_WAIT_MS && (await writing()); waited += 50) await new Promise((r) => setTimeout(r, 50));
}
/** How long a build waits for a spare being written (a nation's file copies in about half a minute). */
const SPARE_WAIT_MS = 120_000;

/** The file's identity: replaced by a build's rename, it is another. */
async function identity(db: string): Promise<string | null> {
	const s = await stat(db).catch(() => null);
	return s ? `${s.ino}-${Math.round(s.mtimeMs)}-${s.size}` : null;
}

/** Spares of files since replaced (all but `keep`'s), and those whose writer is gone. */
async function removeSpares(db: string, keep: string | null) {
	const prefix = `${path.basename(db)}.spare-`;
	for (const name of await readdir(path.dirname(db))) {
		if (!name.startsWith(prefix)) continue;
		const rest = name.slice(prefix.length);
		const writer = /^writing-(\d+)$/.exec(rest);
		if (writer ? alive(Number(writer[1])) && Number(writer[1]) !== process.pid : rest === keep) continue;
		await rm(path.join(path.dirname(db), name), { force: true });
	}
}

export async function discardBuildFile(tmp: string) {
	await rm(tmp, { force: true });
	await rm(`${tmp}.wal`, { force: true });
}

/** Durable before visible: the file's bytes reach the disk, then the rename publishes it. */
export async function publishBuildFile(tmp: string, db: string) {
	const handle = await open(tmp, 'r+');
	await handle.sync();
	await handle.close();
	await rm(`${tmp}.wal`, { force: true });
	await rename(tmp, db);
	await rm(`${db}.wal`, { force: true });
}

/**
 * Temporary databases left by ingests that were killed (their process is gone, or its number is
 * now this one's): removed before this one starts its own — the file, its WAL, and the folder
 * DuckDB spills to beside it (`….tmp-PID.tmp/`, left when a step was killed while spilling).
 */
async function removeAbandoned(db: string) {
	const prefix = `${path.basename(db)}.tmp-`;
	for (const name of await readdir(path.dirname(db))) {
		if (!name.startsWith(prefix)) continue;
		const pid = Number.parseInt(name.slice(prefix.length), 10);
		if (!Number.isInteger(pid) || (pid !== process.pid && alive(pid))) continue;
		await rm(path.join(path.dirname(db), name), { recursive: true, force: true });
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * DuckDB would take most of the machine's memory for its buffers; ingest streams and needs
 * little. 128 MB: an operator whose input outgrows the limit fills it before it spills, so the
 * limit is what the peaks grow to with the corpus. The checks at 1.2M reports peaked at 773 MB
 * with 256 MB, 557 MB with 128 MB (498 MB with V8's heap limit too, ingest/fork.ts); at 64 MB
 * the serving tables do not fit. One thread: each thread of DuckDB holds buffers of its own, and
 * with two the checks of 140,000 reports did not fit in 256 MB; what ingest asks of DuckDB is
 * appends and a few scans, which one thread does about as fast.
 */
const INGEST_MEMORY_DEFAULT = '128MB';

function openBuild(file: string): Promise<DuckDBInstance> {
	return DuckDBInstance.create(file, {
		memory_limit: process.env.NIANBAO_INGEST_MEMORY ?? INGEST_MEMORY_DEFAULT,
		threads: '1',
		preserve_insertion_order: 'false',
		// DuckDB's allocator keeps the pages of freed buffers resident unless flushed: RSS stayed at
		// 480–650 MB while duckdb_memory() counted 40–50 MB in use and malloc's heap 19 MB (heaptrack).
		// Flushing in the background, past 8 MB: the serving step's peak at 137k 670 → 495 MB.
		allocator_background_threads: 'true',
		allocator_flush_threshold: '8MB'
	});
}

/**
 * Connections to the database being built, on an instance of their own: closed, it gives back
 * all DuckDB held. `appends` is for the appenders that write while a query's rows stream from `c`:
 * a write on the connection a result streams from ends that result, silently, and an appender
 * writes its rows by itself every 204,800 (so at 1.2M reports 16,112 findings lost their former
 * ids, the rows streamed after the first 204,800).
 */
export interface BuildConnections {
	c: DuckDBConnection;
	appends: DuckDBConnection;
}

export interface OpenBuild extends BuildConnections {
	/** Closes the connections and their instance; again, does nothing. */
	close(): void;
}

export async function connectBuild(file: string): Promise<OpenBuild> {
	const instance = await openBuild(file);
	let open = true;
	const close = () => {
		if (!open) return;
		open = false;
		try {
			for (const connection of connections) connection.closeSync();
		} finally {
			instance.closeSync();
		}
	};
	const connections: DuckDBConnection[] = [];
	try {
		for (let i = 0; i < 2; i++) connections.push(await instance.connect());
	} catch (e) {
		close();
		throw e;
	}
	const [c, appends] = connections;
	return { c, appends, close };
}

/** The steps run over the database being built once its reports are stored, in this order. */
export const BUILD_STEPS = ['checks', 'serving'] as const;
export type BuildStep = (typeof BUILD_STEPS)[number];

export interface StepRun {
	/** Findings written (the checks; 0 for the serving tables). */
	findings: number;
	/** Whether it recomputed only what the changed reports reach (changes.ts), or everything. */
	scoped: boolean;
	/** The peak resident memory of the process that ran it, in MB. */
	peakMb: number;
}

export interface BuildRun {
	findings: number;
	/** Whether the checks recomputed only what the changed reports reach. */
	scoped: boolean;
	/** The peak resident memory of each step's process, in MB. */
	peakMb: Record<BuildStep, number>;
}

/**
 * One step over the database file being built (closed by its writer), in this process: the
 * checks, or the serving tables made from what they found (serving.ts, text-index.ts).
 */
export async function runBuildStep(file: string, step: BuildStep): Promise<StepRun> {
	const build = await connectBuild(file);
	const { c, close } = build;
	try {
		// The checks may find a change reaches every report (then everything is recomputed): asked after them.
		let scoped = await isScoped(c);
		const findings = step === 'checks' ? await runChecks(build) : (await writeServingTables(c), 0);
		if (step === 'checks') scoped = await isScoped(c);
		await c.run('CHECKPOINT');
		return { findings, scoped, peakMb: process.resourceUsage().maxRSS / 1024 };
	} finally {
		close();
	}
}

/** The same, as a job of its own (jobs.ts); rejects with the job's reason when it fails. */
function runBuildStepApart(file: string, step: BuildStep): Promise<StepRun> {
	return jobOutcome<StepRun, never>(startJob(siblingModule(import.meta.url, 'build-step-process'), [file, step]));
}

/**
 * The checks, then the serving tables, over the database file being built. Apart, each in a
 * process of its own: a step's peak is its own, not added to what the one before left its
 * allocators holding (at 1.2M reports the checks and the text index each peak near 0.8 GB).
 */
export async function runBuildSteps(file: string, apart: boolean, onStep: (step: BuildStep) => void = () => {}): Promise<BuildRun> {
	const run = { findings: 0, scoped: false, peakMb: { checks: 0, serving: 0 } };
	for (const step of BUILD_STEPS) {
		onStep(step);
		const done = await (apart ? runBuildStepApart(file, step) : runBuildStep(file, step));
		run.findings += done.findings;
		if (step === 'checks') run.scoped = done.scoped;
		run.peakMb[step] = done.peakMb;
	}
	return run;
}
