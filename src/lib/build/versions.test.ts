import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STEP_ENTRIES, codeVersions, sourceHash } from './versions.js';

describe('the versions of the code that made a database', () => {
	it('change when any module an entry imports changes, however deep, and not with an unrelated one', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-versions-'));
		await mkdir(path.join(dir, 'deep'));
		const write = (name: string, text: string) => writeFile(path.join(dir, name), text);
		await write('entry.ts', `import { a } from './a.js';\nexport * from './deep/index.js';\nexport const e = a;\n`);
		await write('a.ts', `import type { T } from './deep/t.js';\nimport { z } from 'zod';\nexport const a = 1;\n`);
		await write('deep/index.ts', `export const d = await import('./late.js');\n`);
		await write('deep/late.ts', `export const late = 1;\n`);
		await write('deep/t.ts', `export type T = number;\n`);
		await write('unrelated.ts', `export const u = 1;\n`);
		const entry = [path.join(dir, 'entry.ts')];
		const before = sourceHash(entry);
		await write('unrelated.ts', `export const u = 2;\n`);
		expect(sourceHash(entry)).toBe(before);
		for (const [file, text] of [
			['deep/late.ts', 'export const late = 2;\n'],
			['deep/t.ts', 'export type T = string;\n']
		]) {
			const was = sourceHash(entry);
			await write(file, text);
			expect(sourceHash(entry), file).not.toBe(was);
		}
	});

	it('say which module cannot be found rather than hash what is left', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-versions-'));
		await writeFile(path.join(dir, 'entry.ts'), `import { gone } from './gone.js';\n`);
		expect(() => sourceHash([path.join(dir, 'entry.ts')])).toThrow(/gone\.js/);
	});

	it('of this checkout: the readers and the checks apart', () => {
		const v = codeVersions();
		expect(v.readers).not.toBe(v.checks);
		expect(STEP_ENTRIES.readers).toContain('ingest/parse.ts');
	});
});
