/**
 * The build's jobs in processes of their own — a step over the database being built
 * (build-step-process.ts), an upload's or a registry change's ingest (ingest-process.ts) — and
 * the one protocol they speak with whoever started them, over the IPC channel: progress as they
 * go, then their result or their reason. A job ends when its parent goes (the channel closes):
 * the database it was building is abandoned and removed by the next ingest, the served one
 * stays as it was. A process that ends gives all its memory back.
 */
import type { ChildProcess } from 'node:child_process';
import { forkModule } from '../ingest/fork.js';

export type JobMessage<R, P> = { progress: P } | { done: R } | { error: string };

/** Starts a job's module (TypeScript, run through tsx) with its arguments. */
export function startJob(file: string, args: string[]): ChildProcess {
	return forkModule(file, args, ['ignore', 'inherit', 'pipe', 'ipc']);
}

/** What a started job ends with: its result (as soon as it tells it), or a rejection with its reason (the last of its stderr when it said none). */
export function jobOutcome<R, P>(child: ChildProcess, onProgress: (p: P) => void = () => {}): Promise<R> {
	return new Promise((resolve, reject) => {
		let outcome: { done: R } | { error: string } | undefined;
		let err = '';
		child.stderr?.on('data', (d) => {
			process.stderr.write(d);
			err = (err + d).slice(-2000);
		});
		child.on('message', (m: JobMessage<R, P>) => {
			if ('progress' in m) onProgress(m.progress);
			// Its result is final when told: what the process does after (a spare copy) is its own.
			else if ('done' in m) resolve(m.done);
			else outcome = m;
		});
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			if (outcome && 'done' in outcome && code === 0) resolve(outcome.done);
			else if (outcome && 'error' in outcome) reject(new Error(outcome.error));
			else reject(new Error(err.trim().split('\n').pop() || `进程异常退出（${signal ?? `exit ${code}`}）`));
		});
	});
}

/**
 * In the job's process: runs `work`, telling the parent of its progress, then of its result or
 * its reason, and closes the channel (which lets the process end). Stops at once if the parent goes first.
 */
export async function serveJob<R, P>(work: (progress: (p: P) => void) => Promise<R>): Promise<void> {
	let reported = false;
	process.on('disconnect', () => {
		if (!reported) process.kill(process.pid, 'SIGTERM');
	});
	const send = (m: JobMessage<R, P>) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
	const end = async (m: JobMessage<R, P>) => {
		await send(m);
		reported = true;
		process.disconnect();
	};
	try {
		await end({ done: await work((p) => void send({ progress: p }).catch(() => {})) });
	} catch (e) {
		process.exitCode = 1;
		await end({ error: (e as Error).message });
	}
}
