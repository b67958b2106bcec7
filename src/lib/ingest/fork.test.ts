/**
 * Every process of an ingest runs under the build's Node flags (fork.ts BUILD_NODE_FLAGS): the
 * processes it forks, and the CLIs that run an ingest themselves.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { BUILD_NODE_FLAGS, forkSibling } from './fork.js';

describe('the build processes', () => {
	it('a forked sibling (a parser, a build step) runs with the heap limit', async () => {
		const child = forkSibling(import.meta.url, 'parse-worker', [], ['ignore', 'ignore', 'inherit', 'ipc']);
		try {
			for (const flag of BUILD_NODE_FLAGS) expect(child.spawnargs).toContain(flag);
		} finally {
			child.kill();
			await once(child, 'exit');
		}
	});

	it('npm run ingest and npm start (which ingests when the database is stale) run with it too', () => {
		const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
		for (const script of ['ingest', 'start']) for (const flag of BUILD_NODE_FLAGS) expect(scripts[script].split(' ')).toContain(flag);
	});
});
