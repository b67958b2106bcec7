/**
 * An ingest the server runs — an upload's commit, a registry change, a season's recheck
 * (server/ingest-queue.ts, one at a time) — as a job of its own (jobs.ts):
 * `--db FILE [--registry FILE] [--only FILE ...] PATH ...`. It tells its stages as it goes
 * (upload/stage.ts), then its summary line `ingested N, unchanged U, rejected R`; then it makes
 * the next build's starting copy. The served database stays the one before until the new one
 * is complete (ingest builds aside and swaps).
 */
import { ingest } from './ingest.js';
import { serveJob } from './jobs.js';
import { prepareSpare } from './build.js';
import type { IngestStage } from '../upload/stage.js';

const args = process.argv.slice(2);
/** The value of an option, taken out of the arguments. */
const option = (name: string): string | undefined => {
	const at = args.indexOf(name);
	if (at < 0) return undefined;
	const [, value] = args.splice(at, 2);
	if (!value) throw new Error(`ingest-process: ${name} FILE`);
	return value;
};

const db = option('--db');
await serveJob<string, IngestStage>(async (progress) => {
	if (!db) throw new Error('ingest-process: --db FILE is required');
	const registry = option('--registry');
	// A commit's files (--only FILE, again for each): only they are read, and only what they reach is checked again.
	const only: string[] = [];
	for (let file = option('--only'); file !== undefined; file = option('--only')) only.push(file);
	let last = 0;
	const s = await ingest({
		paths: args,
		db,
		registry,
		only: only.length ? only : undefined,
		onStage: (stage) => {
			// A file's pages at most ten times a second; every change of stage.
			const now = Date.now();
			if (stage.stage === 'parsing' && now - last < 100 && stage.done !== stage.total) return;
			last = now;
			progress(stage);
		}
	});
	return `ingested ${s.ingested}, unchanged ${s.unchanged}, rejected ${s.rejected}`;
});
// Told, then the next commit's starting copy made (build.ts prepareSpare): the next commit need not copy the file.
if (db && process.exitCode !== 1) await prepareSpare(db);
