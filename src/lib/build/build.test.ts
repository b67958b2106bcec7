import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFileOf, prepareSpare, runBuildSteps, startBuildFile } from './build.js';

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

describe('the spare a build starts from', () => {
	it('is taken when it is of the file as it is, and never when the file was replaced since', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-spare-'));
		const db = path.join(dir, 'x.duckdb');
		await writeFile(db, 'generation 1');
		await prepareSpare(db);
		expect((await readdir(dir)).filter((n) => n.includes('.spare-'))).toHaveLength(1);
		const tmp = await startBuildFile(db, true);
		expect(await readFile(tmp, 'utf8')).toBe('generation 1');
		expect((await readdir(dir)).filter((n) => n.includes('.spare-'))).toEqual([]);
		await rm(tmp);
		// A spare of generation 1, then the file replaced (as a build publishes): copied afresh, the spare removed.
		await prepareSpare(db);
		await writeFile(`${db}.new`, 'generation 2, longer');
		await rename(`${db}.new`, db);
		const next = await startBuildFile(db, true);
		expect(await readFile(next, 'utf8')).toBe('generation 2, longer');
		expect((await readdir(dir)).filter((n) => n.includes('.spare-'))).toEqual([]);
	});
});
