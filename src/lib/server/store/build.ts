/**
 * The database being built by an ingest, and the checks over it, which may run in a process of
 * their own (checks-process.ts): a process that ends gives all its memory back, where one that
 * goes on keeps what its allocators and V8 held at their peak.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { runChecks } from './checks.js';
import { forkSibling } from '../../ingest/fork.js';

/**
 * DuckDB would take most of the machine's memory for its buffers; ingest streams and needs
 * little. One thread: each thread of DuckDB holds buffers of its own, and with two the checks of
 * 140,000 reports did not fit in 256 MB; what ingest asks of DuckDB is appends and a few scans,
 * which one thread does about as fast.
 */
export function openBuild(file: string): Promise<DuckDBInstance> {
	return DuckDBInstance.create(file, {
		memory_limit: process.env.NIANBAO_INGEST_MEMORY ?? '256MB',
		threads: '1',
		preserve_insertion_order: 'false'
	});
}

export interface ChecksRun {
	findings: number;
	/** The peak resident memory of the process that ran them, in MB. */
	peakMb: number;
}

/** Runs the checks over the database file being built (closed by its writer), in this process. */
export async function checkBuild(file: string): Promise<ChecksRun> {
	const instance = await openBuild(file);
	const c = await instance.connect();
	try {
		const findings = await runChecks(c);
		await c.run('CHECKPOINT');
		return { findings, peakMb: process.resourceUsage().maxRSS / 1024 };
	} finally {
		c.closeSync();
		instance.closeSync();
	}
}

export type ChecksMessage = { done: ChecksRun } | { error: string };

/** The same, in a process of its own; rejects with the child's reason when it fails. */
export function checkBuildApart(file: string): Promise<ChecksRun> {
	return new Promise((resolve, reject) => {
		const child = forkSibling(import.meta.url, 'checks-process', [file], ['ignore', 'inherit', 'inherit', 'ipc']);
		let outcome: ChecksMessage | undefined;
		child.on('message', (m: ChecksMessage) => (outcome = m));
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			if (outcome && 'done' in outcome && code === 0) resolve(outcome.done);
			else reject(new Error(outcome && 'error' in outcome ? outcome.error : `检查进程异常退出（${signal ?? `exit ${code}`}）`));
		});
	});
}
