/**
 * npm run --silent hostile -- --out DIR: writes the hostile suite (src/lib/ingest/hostile.ts)
 * into DIR, and lists its entries with what must become of each.
 */
import { writeHostileSuite } from '../lib/ingest/hostile.js';

const args = process.argv.slice(2);
const at = args.indexOf('--out');
const out = at >= 0 ? args[at + 1] : undefined;
if (!out) {
	process.stderr.write('用法：npm run --silent hostile -- --out DIR\n');
	process.exitCode = 2;
} else {
	for (const e of await writeHostileSuite(out)) console.log(`${e.expect}\t${e.name}`);
}
