import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkBuild } from './build.js';

describe('the checks and the serving tables, each in a process of its own', () => {
	it('fail with the reason the child gave, not a bare exit code', async () => {
		const missing = path.join(await mkdtemp(path.join(tmpdir(), 'nianbao-build-')), 'no-such-folder', 'x.duckdb');
		await expect(checkBuild(missing, true)).rejects.toThrow(/no-such-folder/);
	});
});
