import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFileOf, runBuildSteps, startBuildFile } from './build.js';

describe('the checks and the serving tables, each in a process of its own', () => {
	it('fail with the reason the child gave, not a bare exit code', async () => {
		const missing = path.join(await mkdtemp(path.join(tmpdir(), 'nianbao-build-')), 'no-such-folder', 'x.duckdb');
		await expect(runBuildSteps(missing, true)).rejects.toThrow(/no-such-folder/);
	});
});

describe('what a killed ingest left', () => {
	it('is removed before the next builds: the file, its WAL and the folder DuckDB spilled to', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-build-'));
		const db = path.join(dir, 'x.duckdb');
		const gone = spawnSync('true').pid!; // a process that has ended
		const left = `${db}.tmp-${gone}`;
		await writeFile(left, 'half a database');
		await writeFile(`${left}.wal`, 'its log');
		await mkdir(`${left}.tmp`);
		await writeFile(path.join(`${left}.tmp`, 'duckdb_temp_storage-0.tmp'), 'spilled');
		// Another ingest's, still running (this process): kept.
		const running = `${db}.tmp-${process.ppid}`;
		await writeFile(running, 'in use');
		await startBuildFile(db, false);
		expect((await readdir(dir)).sort()).toEqual([path.basename(running)]);
		expect(buildFileOf(db)).toBe(`${db}.tmp-${process.pid}`);
	});
});
