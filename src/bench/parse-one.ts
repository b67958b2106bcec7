/**
 * One file parsed in a process of its own, for its cost alone: prints one JSON line, the
 * outcome (`stored` or the rejection code), the time and the process's peak memory (MB).
 * Used by the hostile suite's test and by `npm run bench -- hostile`.
 */
import { outcomeOf } from '../lib/ingest/pool.js';

const file = process.argv[2];
const t0 = performance.now();
const o = await outcomeOf(file);
const ms = Math.round(performance.now() - t0);
const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ file, outcome: o.rejected ? o.rejected.code : 'stored', reason: o.rejected?.reason, ms, peakMb }));
