import { describe, expect, it } from 'vitest';
import { filesOfEntries, type EntryLike } from './drop.js';

/** Entries as a browser gives them for a dropped folder: readEntries in batches, then an empty one. */
function file(fullPath: string): EntryLike {
	const name = fullPath.split('/').pop()!;
	return { isFile: true, isDirectory: false, name, fullPath, file: (ok) => ok(new File([fullPath], name)) };
}
function folder(fullPath: string, children: EntryLike[], batch = 2): EntryLike {
	return {
		isFile: false,
		isDirectory: true,
		name: fullPath.split('/').pop()!,
		fullPath,
		createReader: () => {
			let at = 0;
			return {
				readEntries: (ok) => {
					ok(children.slice(at, at + batch));
					at += batch;
				}
			};
		}
	};
}

describe('dropped folders', () => {
	it('are walked whole, batch after batch, each file named by its path inside the drop, hidden files left out', async () => {
		const tree = folder('/年报', [
			file('/年报/b.txt'),
			file('/年报/.DS_Store'),
			folder('/年报/2024', [file('/年报/2024/x.html'), file('/年报/2024/y.docx'), file('/年报/2024/z.pdf')]),
			file('/年报/a.txt')
		]);
		const got = await filesOfEntries([tree, file('/单独.txt')], 200);
		expect(got.map((p) => p.name)).toEqual(['年报/2024/x.html', '年报/2024/y.docx', '年报/2024/z.pdf', '年报/a.txt', '年报/b.txt', '单独.txt']);
		expect(await got[3].file.text()).toBe('/年报/a.txt');
	});

	it('stop past the limit', async () => {
		const many = folder(
			'/many',
			Array.from({ length: 50 }, (_, i) => file(`/many/${i}.txt`)),
			7
		);
		expect((await filesOfEntries([many], 10)).length).toBe(11);
	});
});
