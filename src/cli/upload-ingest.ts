/**
 * The ingest of an upload or of a registry change (server/ingest-queue.ts, one at a time), in a
 * process of its own: the server starts it with `--db FILE [--registry FILE] [--only FILE ...] PATH ...` and reads
 * its progress from stdout, one line `progress DONE TOTAL` at a time, then `ingested N, unchanged
 * U, rejected R`. Exits non-zero, with the reason on stderr, when the database could not be
 * written; the served database is then the one before (ingest builds aside and swaps).
 */
import { ingest } from '../lib/server/store/ingest.js';

const args = process.argv.slice(2);
/** The value of an option, taken out of the arguments. */
const option = (name: string): string | undefined => {
	const at = args.indexOf(name);
	if (at < 0) return undefined;
	const [, value] = args.splice(at, 2);
	if (!value) throw new Error(`upload-ingest: ${name} FILE`);
	return value;
};
const db = option('--db');
if (!db) throw new Error('upload-ingest: --db FILE is required');
const registry = option('--registry');
// A commit's files (--only FILE, again for each): only they are read, and only what they reach is checked again.
const only: string[] = [];
for (let file = option('--only'); file !== undefined; file = option('--only')) only.push(file);
const paths = args;

// A server killed mid-ingest takes this ingest with it: the database it serves stays the one
// before (this one builds aside and swaps only at the end), and an upload is marked failed at
// its next start (a registry change stays in the registry file: `npm start` ingests it). Without
// that, an ingest nobody waits for could land after the upload was failed.
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
process.channel?.unref(); // the channel alone does not keep this process alive once the ingest is done

let last = 0;
try {
	const s = await ingest({
		paths,
		db,
		registry,
		only: only.length ? only : undefined,
		onProgress: (done, total) => {
			const now = Date.now();
			if (now - last < 100 && done !== total) return;
			last = now;
			process.stdout.write(`progress ${done} ${total}\n`);
		}
	});
	process.stdout.write(`ingested ${s.ingested}, unchanged ${s.unchanged}, rejected ${s.rejected}\n`);
} catch (e) {
	process.stderr.write(`无法写入数据库 ${db}：${(e as Error).message}\n`);
	process.exitCode = 1;
}
