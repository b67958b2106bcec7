/**
 * One ingest in a process of its own, for `npm run bench -- ingest`: its peak memory is then
 * the ingest's alone (not the generator's, nor an earlier run's). Prints one JSON line:
 * { ingested, seconds, rerunSeconds, loadMb, checksMb, servingMb }: the peaks of the load's process
 * (this one), of the checks' and of the serving tables' (this one too, for few reports), taken before the rerun.
 *
 *   node --max-old-space-size=512 --import tsx src/bench/ingest-child.ts CORPUS DB   (the build's flags: ingest/fork.ts)
 */
import { performance } from 'node:perf_hooks';
import { ingest } from '../lib/build/ingest.js';

const [corpus, db] = process.argv.slice(2);
let t = performance.now();
const s = await ingest({ paths: [corpus], db, registry: null });
const seconds = (performance.now() - t) / 1000;
t = performance.now();
await ingest({ paths: [corpus], db, registry: null });
const rerunSeconds = (performance.now() - t) / 1000;
console.log(JSON.stringify({ ingested: s.ingested, seconds, rerunSeconds, loadMb: s.peakMb?.load, checksMb: s.peakMb?.checks, servingMb: s.peakMb?.serving }));
