/**
 * npm run --silent parse -- FILE
 * Prints the Report JSON of one file; on a file it cannot read, one line on stderr and exit 1.
 */
import { parseFile } from '../lib/ingest/parse.js';
import { ParseError } from '../lib/ingest/document.js';

async function main(): Promise<number> {
	const file = process.argv[2];
	if (!file || process.argv.length > 3) {
		process.stderr.write('usage: npm run --silent parse -- FILE\n');
		return 2;
	}
	try {
		const report = await parseFile(file);
		process.stdout.write(JSON.stringify(report, null, 2) + '\n');
		return 0;
	} catch (e) {
		const reason = e instanceof ParseError ? e.reason : `解析失败（${(e as Error).message}）`;
		process.stderr.write(`nianbao parse: ${file}: ${reason}\n`);
		return 1;
	}
}

process.exitCode = await main();
