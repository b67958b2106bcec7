/**
 * Parsing many files on every core: a pool of parser processes, each running parse-worker.ts.
 *
 * Processes, not worker threads: the TypeScript loader (tsx) that runs the CLIs does not reach
 * into worker threads, and a process that crashes on a hostile file takes only its own files
 * with it. The caller keeps a window of files in flight and takes the results in its own order,
 * so what depends on the order (agency ids) is the same as with one process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { BUILD_NODE_FLAGS, forkSibling } from './fork.js';
import { ParseError } from './document.js';
import { readReportFile } from './parse.js';
import type { Report } from '../report/schema.js';
import type { Rejection } from '../report/rejections.js';
import { LONGEST_PARSE_MS } from './bounds.js';

/**
 * A file's outcome: its report and the hash of the bytes it came from, or why it was rejected
 * (a code, and one line for the supervisor).
 */
export type ParseOutcome = { report: Report; sha256: string; rejected?: undefined } | { report?: undefined; rejected: Rejection };

export interface Parser {
	parse(file: string): Promise<ParseOutcome>;
	close(): void;
	/** The parser processes now running (none when parsing in this process). */
	pids(): number[];
	/** Starts the parser processes ahead of the first file (their start is most of a small batch's time). */
	warm(): void;
}

/**
 * The longest a file may take (bounds.ts: a scan is given the time of its OCR pages, 10 s a
 * page), which readers keep by themselves; a file still unparsed WATCHDOG_GRACE_MS after it is
 * taken to hang its parser (inside PDFium, where no check of ours runs), which is killed and
 * replaced.
 */
export const PARSE_TIMEOUT_MS = LONGEST_PARSE_MS;
const WATCHDOG_GRACE_MS = 5_000;

export function rejectionOf(e: unknown): Rejection {
	return e instanceof ParseError ? { code: e.code, reason: e.reason } : { code: 'internal', reason: `解析失败（${(e as Error).message}）` };
}

/** Parses in this process, never throwing: what a parser process does for each file. */
export async function outcomeOf(file: string): Promise<ParseOutcome> {
	try {
		return await readReportFile(file);
	} catch (e) {
		return { rejected: rejectionOf(e) };
	}
}

/**
 * In this process: for small batches, where starting processes costs more than it saves. One
 * file at a time (parsing is work for the CPU, nothing is gained by interleaving), so that each
 * file's time budget is spent on that file alone.
 */
export function inProcessParser(parseOne: (file: string) => Promise<ParseOutcome> = outcomeOf): Parser {
	let queue: Promise<unknown> = Promise.resolve();
	return {
		parse(file) {
			const outcome = queue.then(() => parseOne(file));
			queue = outcome;
			return outcome;
		},
		close() {},
		pids: () => [],
		warm() {}
	};
}

interface Task {
	id: number;
	file: string;
	resolve: (o: ParseOutcome) => void;
}

interface Worker {
	child: ChildProcess;
	/** Sent and not yet answered, in the order sent (a worker answers in that order). */
	tasks: Map<number, Task>;
	watchdog: NodeJS.Timeout | null;
	/** Loaded and listening: the clock of a file starts then, not while the process starts. */
	ready: boolean;
	/** Killed by the watchdog, whose file is already answered: none of the rest is to blame. */
	timedOut: boolean;
}

export type WorkerMessage = { ready: true } | ({ id: number } & ParseOutcome);

/**
 * Where a parser process's module is, when not beside this one: a bundled server (the web app)
 * names the source file and its loader, since its chunks have no parse-worker beside them.
 */
export interface WorkerModule {
	file: string;
	execArgv: string[];
}

export function processPool(
	size: number,
	{ timeoutMs = PARSE_TIMEOUT_MS + WATCHDOG_GRACE_MS, worker }: { timeoutMs?: number; worker?: WorkerModule } = {}
): Parser {
	const workers: Worker[] = [];
	let nextId = 0;
	let closed = false;

	const start = (): Worker => {
		const stdio = ['ignore', 'ignore', 'inherit', 'ipc'] as const;
		const child = worker
			? fork(worker.file, [], { execArgv: [...BUILD_NODE_FLAGS, ...worker.execArgv], serialization: 'advanced', stdio: [...stdio] })
			: forkSibling(import.meta.url, 'parse-worker', [], [...stdio]);
		const w: Worker = { child, tasks: new Map(), watchdog: null, ready: false, timedOut: false };
		child.on('message', (m: WorkerMessage) => {
			if ('ready' in m) {
				w.ready = true;
				arm(w);
				return;
			}
			const t = w.tasks.get(m.id);
			if (!t) return;
			w.tasks.delete(m.id);
			arm(w);
			const { id: _, ...outcome } = m;
			t.resolve(outcome as ParseOutcome);
		});
		child.on('exit', (code, signal) => {
			if (w.watchdog) clearTimeout(w.watchdog);
			const i = workers.indexOf(w);
			if (i >= 0) workers.splice(i, 1);
			if (closed) return;
			// The file being parsed when the process died is the culprit; the others are retried.
			const pending = [...w.tasks.values()];
			w.tasks.clear();
			if (!w.timedOut) pending.shift()?.resolve({ rejected: { code: 'parser_crashed', reason: `解析进程异常退出（${signal ?? `exit ${code}`}）` } });
			for (const t of pending) send(t);
		});
		workers.push(w);
		return w;
	};

	/** Restarts the clock of a worker's oldest task, or stops it when nothing is pending. */
	const arm = (w: Worker) => {
		if (w.watchdog) clearTimeout(w.watchdog);
		w.watchdog = null;
		if (!w.ready || !w.tasks.size) return;
		w.watchdog = setTimeout(() => {
			const [first] = w.tasks.values();
			if (!first) return;
			w.tasks.delete(first.id);
			w.timedOut = true;
			first.resolve({ rejected: { code: 'timeout', reason: `解析超时（超过 ${timeoutMs / 1000} 秒）` } });
			w.child.kill('SIGKILL'); // the exit handler hands the rest to another worker
		}, timeoutMs);
		w.watchdog.unref();
	};

	const send = (t: Task) => {
		while (workers.length < size) start();
		const w = workers.reduce((a, b) => (b.tasks.size < a.tasks.size ? b : a));
		w.tasks.set(t.id, t);
		if (w.tasks.size === 1) arm(w);
		w.child.send({ id: t.id, file: t.file });
	};

	return {
		parse(file) {
			if (closed) return Promise.resolve({ rejected: { code: 'internal', reason: '解析进程已关闭' } });
			return new Promise((resolve) => send({ id: nextId++, file, resolve }));
		},
		close() {
			closed = true;
			for (const w of workers) {
				if (w.watchdog) clearTimeout(w.watchdog);
				w.child.disconnect();
			}
			workers.length = 0;
		},
		pids: () => workers.map((w) => w.child.pid).filter((p): p is number => p !== undefined),
		warm() {
			while (!closed && workers.length < size) start();
		}
	};
}
