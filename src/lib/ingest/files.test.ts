/** The walk of a report folder: a link is followed to a file inside the folder, never out of it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { walkReportFiles, type Entry } from './files.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-walk-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

async function walk(root: string): Promise<Entry[]> {
	const out: Entry[] = [];
	for await (const e of walkReportFiles(root)) out.push(e);
	return out;
}

describe('links in a report folder', () => {
	it('to a file inside are read; out of the folder (a system file named like a report) are refused', async () => {
		const root = path.join(dir, 'reports');
		await mkdir(path.join(root, 'sub'), { recursive: true });
		await writeFile(path.join(root, 'a.txt'), 'x');
		await writeFile(path.join(dir, 'outside.txt'), 'x');
		await symlink('../a.txt', path.join(root, 'sub', 'inside-link.txt'));
		await symlink('/etc/passwd', path.join(root, 'passwd.txt'));
		await symlink(path.join(dir, 'outside.txt'), path.join(root, 'sibling.txt'));
		const entries = await walk(root);
		const byName = (n: string) => entries.find((e) => e.path.endsWith(n))!;
		expect(byName('a.txt').rejected).toBeUndefined();
		expect(byName('inside-link.txt').rejected).toBeUndefined();
		for (const n of ['passwd.txt', 'sibling.txt'])
			expect(byName(n).rejected, n).toMatchObject({ code: 'not_a_file', reason: expect.stringContaining('报告文件夹之外') });
	});
});
