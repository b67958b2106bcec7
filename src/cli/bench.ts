/**
 * npm run bench: prints the performance figures (costs per report, rates, and how they compare
 * with the targets of the issues). Figures, not tests: nothing here fails a build.
 * `npm run bench -- NAME` runs one suite; `scale` (national scale, bench/scale.ts) runs only so.
 */
import { benchParse } from '../bench/parse.js';
import { benchIngest } from '../bench/ingest.js';
import { benchChecks } from '../bench/checks.js';
import { benchPages } from '../bench/pages.js';
import { benchCharts } from '../bench/charts.js';
import { benchAuth } from '../bench/auth.js';
import { benchHostile } from '../bench/hostile.js';
import { benchLoad } from '../bench/load.js';
import { benchSearch } from '../bench/search.js';
import { benchOcr } from '../bench/ocr.js';
import { benchUpload } from '../bench/upload.js';
import { benchCommit } from '../bench/commit.js';
import { benchScale } from '../bench/scale.js';

const suites: [string, () => Promise<string[]>][] = [
	['parse', benchParse],
	['ocr', benchOcr],
	['ingest', benchIngest],
	['checks', benchChecks],
	['pages', benchPages],
	['search', benchSearch],
	['charts', benchCharts],
	['auth', benchAuth],
	['hostile', benchHostile],
	// An upload through the API on the bundled data, then commits at a province's scale.
	['upload', async () => [...(await benchUpload()), '', ...(await benchCommit())]],
	['load', benchLoad],
	['scale', benchScale]
];
/** Suites that run only when named: their figures take a large corpus or database. */
const ON_DEMAND = ['scale'];
const only = process.argv[2];
for (const [name, run] of suites) {
	if (only ? only !== name : ON_DEMAND.includes(name)) continue;
	for (const line of await run()) console.log(line);
	console.log('');
}
