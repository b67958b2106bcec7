/**
 * npm run --silent generate -- --out DIR [--agencies N] [--years 2019-2025] [--seed S] [--national]
 * Writes a generated corpus of a fictional city (or, with --national, of a fictional nation:
 * provinces, cities, counties, townships and departments, ~170,000 agencies in all): report
 * files, agencies.csv, truth.json. Ends with the files written per second.
 */
import { performance } from 'node:perf_hooks';
import { generateCorpus } from '../lib/generate/corpus.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback?: string) => {
	const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i < 0) return fallback;
	return args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
};
async function main(): Promise<number> {
	const out = opt('out');
	if (!out) {
		process.stderr.write('usage: npm run --silent generate -- --out DIR [--agencies N] [--years 2019-2025] [--seed S] [--national]\n');
		return 2;
	}
	const agencies = Number(opt('agencies', '100'));
	const [from, to] = (opt('years', '2019-2025') ?? '').split('-').map(Number);
	const seed = opt('seed', '1') ?? '1';
	if (!Number.isInteger(agencies) || agencies < 1 || !from || !to || to < from) {
		process.stderr.write('nianbao generate: --agencies must be a positive whole number and --years like 2019-2025\n');
		return 2;
	}
	const tty = process.stderr.isTTY;
	const t0 = performance.now();
	const s = await generateCorpus({
		out,
		agencies,
		years: [from, to],
		seed,
		national: args.includes('--national'),
		onProgress: (done, total) => tty && (done % 50 === 0 || done === total) && process.stderr.write(`\r生成单位 ${done}/${total}${done === total ? '\n' : ''}`)
	});
	const seconds = (performance.now() - t0) / 1000;
	console.log(
		`generated ${s.reports} reports of ${s.agencies} agencies, ${s.anomalies} anomalies injected (truth.json), ${(s.reports / seconds).toFixed(0)} files/s`
	);
	return 0;
}

process.exitCode = await main();
