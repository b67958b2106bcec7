/**
 * One writer per derived database: an ingest holds `DB.lock` (created exclusively, naming its
 * process) from its first read of the database to the swap, so a second ingest of the same file —
 * a `--rebuild` from a terminal while the server commits an upload — waits for it, or refuses,
 * rather than build from what the first is replacing and swap over it (a lost update). A lock
 * whose process is gone (killed) is stale: taken over, with a word on stderr.
 */
import { hostname } from 'node:os';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { z } from 'zod';

const Holder = z.object({ pid: z.number().int(), host: z.string(), since: z.string() });
type Holder = z.infer<typeof Holder>;

export class LockHeld extends Error {}

export const lockFileOf = (db: string) => `${db}.lock`;

export interface LockOptions {
	/** How long to wait for another writer (ms); 0 refuses at once. */
	waitMs?: number;
	/** Told once when it has to wait, and when it takes over a stale lock. */
	onWait?: (message: string) => void;
	pollMs?: number;
}

/** Whether the holder is a process that runs here now (one on another host is taken to run). */
function running(h: Holder): boolean {
	if (h.host !== hostname()) return true;
	try {
		process.kill(h.pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** A lock file still unwritten after this long was left by a process killed while writing it. */
const UNWRITTEN_STALE_MS = 10_000;

async function olderThan(file: string, ms: number): Promise<boolean> {
	const s = await stat(file).catch(() => null);
	return s !== null && Date.now() - s.mtimeMs > ms;
}

async function holderOf(file: string): Promise<Holder | null> {
	try {
		const parsed = Holder.safeParse(JSON.parse(await readFile(file, 'utf8')));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

/**
 * Takes the lock of `db`, waiting for a running holder up to `waitMs`; returns its release.
 * Throws LockHeld when another writer still holds it then.
 */
export async function lockDatabase(db: string, opts: LockOptions = {}): Promise<() => Promise<void>> {
	const file = lockFileOf(db);
	const deadline = Date.now() + (opts.waitMs ?? 0);
	let told = false;
	for (;;) {
		try {
			const handle = await open(file, 'wx');
			await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies Holder));
			await handle.close();
			return async () => {
				const h = await holderOf(file);
				if (h?.pid === process.pid && h.host === hostname()) await rm(file, { force: true });
			};
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		}
		const holder = await holderOf(file);
		// Unreadable: a holder between creating the file and writing it, or one killed right then (stale once old).
		const stale = holder ? !running(holder) : await olderThan(file, UNWRITTEN_STALE_MS);
		if (stale) {
			opts.onWait?.(`数据库 ${db} 的写入锁${holder ? `属于已结束的进程 ${holder.pid}（${holder.since}）` : '未写完且已过时'}，已接管`);
			await rm(file, { force: true });
			continue;
		}
		if (Date.now() >= deadline) {
			throw new LockHeld(
				holder
					? `另一个入库正在写入数据库 ${db}（进程 ${holder.pid}，始于 ${holder.since}），请稍后再试`
					: `数据库 ${db} 正被另一个入库锁定（${file}），请稍后再试`
			);
		}
		if (!told) {
			told = true;
			opts.onWait?.(`另一个入库正在写入数据库 ${db}${holder ? `（进程 ${holder.pid}）` : ''}，等待其完成…`);
		}
		await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
	}
}
