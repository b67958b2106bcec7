/**
 * One ingest of a large corpus in a process of its own, for `npm run bench -- scale`: prints a
 * JSON line at every tenth of the files read (files, seconds, this process's resident MB), then
 * one with the summary: { ingested, seconds, loadMb, checksMb, servingMb } — the exact peaks of
 * the load's process (this one), of the checks' and of the serving tables' (each a process of its
 * own at this size).
 *
 *   node --max-old-space-size=512 --import tsx src/bench/scale-ingest-child.ts CORPUS DB   (the build's flags: ingest/fork.ts)
 */
import { performance } from 'node:perf_hooks';
import { ingest } from '../lib/build/ingest.js';

const [corpus, db] = process.argv.slice(2);
const t = performance.now();
const seconds = () => (performance.now() - t) / 1000;
let next = 0;
const s = await ingest({
	paths: [corpus],
	db,
	registry: null,
	onProgress: (done, total) => {
		if (done < next && done !== total) return;
		next = done + Math.ceil(total / 10);
		console.log(JSON.stringify({ files: done, of: total, seconds: seconds(), rssMb: process.memoryUsage().rss / 1048576 }));
	}
});
console.log(
	JSON.stringify({
		ingested: s.ingested,
		rejected: s.rejected,
		seconds: seconds(),
		loadMb: s.peakMb?.load,
		checksMb: s.peakMb?.checks,
		servingMb: s.peakMb?.serving
	})
);
