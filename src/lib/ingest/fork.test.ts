/**
 * Every process of an ingest runs under the build's Node flags (fork.ts BUILD_NODE_FLAGS): the
 * processes it forks, and the CLIs that run an ingest themselves.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { BUILD_NODE_FLAGS, forkSibling } from './fork.js';
import { processPool } from './pool.js';

describe('the build processes', () => {
	it('bound the heap', () => {
		expect(BUILD_NODE_FLAGS).toContainEqual(expect.stringMatching(/^--max-old-space-size=\d+$/));
	});

	it('a forked sibling (a parser, a build step) runs with the heap limit', async () => {
		const child = forkSibling(import.meta.url, 'parse-worker', [], ['ignore', 'ignore', 'inherit', 'ipc']);
		try {
			for (const flag of BUILD_NODE_FLAGS) expect(child.spawnargs).toContain(flag);
		} finally {
			child.kill();
			await once(child, 'exit');
		}
	});

	it('a parser pool of a named module (as the web app starts it) runs its parsers with the heap limit too', async () => {
		const pool = processPool(1, { worker: { file: path.resolve('src/lib/ingest/parse-worker.ts'), execArgv: ['--import', 'tsx'] } });
		try {
			const outcome = await pool.parse(path.resolve('data/reports/real/pingtan-2023.txt'));
			expect(outcome.report).toBeTruthy();
			const args = pool.pids().map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
			expect(args).toHaveLength(1);
			for (const flag of BUILD_NODE_FLAGS) expect(args[0]).toContain(flag);
		} finally {
			pool.close();
		}
	});

	it('npm run ingest and npm start (which ingests when the database is stale) pass it to node, before the script', () => {
		const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
		for (const script of ['ingest', 'start']) {
			const words = scripts[script].split(' ');
			const at = words.findIndex((w) => w.startsWith('src/'));
			for (const flag of BUILD_NODE_FLAGS) expect(words.slice(0, at)).toContain(flag);
		}
	});
});
