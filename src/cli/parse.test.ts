/**
 * The parse command as analysts and scripts call it: JSON on stdout for a report; for a file
 * it cannot read, one line on stderr naming the file and the reason, exit 1, no stack trace.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { ReportSchema } from '../lib/report/schema.js';

const TSX = path.resolve('node_modules/.bin/tsx');
const CLI = path.resolve('src/cli/parse.ts');

function run(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(TSX, [CLI, file], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
			resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
		});
	});
}

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-parse-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe.concurrent('npm run parse', () => {
	it('prints the Report JSON of a real report', async () => {
		const { code, stdout, stderr } = await run('data/reports/real/dagan-chagan-2024.txt');
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const report = ReportSchema.parse(JSON.parse(stdout));
		expect(report.applications.new_received.total).toBe(9);
	});

	const random = (n: number) => {
		const b = new Uint8Array(n);
		let x = 12345;
		for (let i = 0; i < n; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
		return b;
	};

	const cases: [string, string, () => Promise<void> | void, RegExp][] = [
		['an empty file', 'empty.txt', () => writeFile(path.join(dir, 'empty.txt'), ''), /空文件/],
		[
			'a text that is not a report',
			'novel.txt',
			() => writeFile(path.join(dir, 'novel.txt'), '话说天下大势，分久必合，合久必分。\n周末七国分争，并入于秦。\n'),
			/不是政府信息公开工作年度报告/
		],
		[
			'an HTML page that is not a report',
			'page.html',
			() => writeFile(path.join(dir, 'page.html'), '<html><head><title>首页</title></head><body><p>欢迎访问</p></body></html>'),
			/不是政府信息公开工作年度报告/
		],
		['a corrupt .docx (random bytes)', 'bad.docx', () => writeFile(path.join(dir, 'bad.docx'), random(4096)), /不是有效的 Word 文档/],
		[
			'a corrupt .docx (a zip cut short)',
			'cut.docx',
			() => {
				const zip = zipSync({ 'word/document.xml': strToU8('<w:document>' + 'x'.repeat(10000) + '</w:document>') }, { level: 9 });
				return writeFile(path.join(dir, 'cut.docx'), zip.subarray(0, Math.floor(zip.length / 2)));
			},
			/Word 文档已损坏|缺少正文/
		],
		['a .docx without a document', 'empty.docx', () => writeFile(path.join(dir, 'empty.docx'), zipSync({ 'hello.txt': strToU8('hi') })), /缺少正文/],
		['an unknown extension', 'report.xyz', () => writeFile(path.join(dir, 'report.xyz'), 'x'), /不支持的文件类型「\.xyz」/],
		['binary junk named .txt', 'junk.txt', () => writeFile(path.join(dir, 'junk.txt'), random(65536)), /二进制数据/],
		['binary junk named .html', 'junk.html', () => writeFile(path.join(dir, 'junk.html'), random(65536)), /二进制数据/],
		[
			'a file of 50 MB',
			'huge.txt',
			async () => {
				await writeFile(path.join(dir, 'huge.txt'), '');
				await truncate(path.join(dir, 'huge.txt'), 50 * 1024 * 1024);
			},
			/文件过大（50\.0 MB/
		],
		['a file that does not exist', 'missing.txt', () => undefined, /无法读取文件（ENOENT）/],
		['a folder', 'folder.txt', async () => void (await import('node:fs/promises')).mkdir(path.join(dir, 'folder.txt')), /不是文件/]
	];

	it.each(cases)('rejects %s with one line naming the file and the reason', async (_, name, make, reason) => {
		await make();
		const file = path.join(dir, name);
		const { code, stdout, stderr } = await run(file);
		expect(code).toBe(1);
		expect(stdout).toBe('');
		const lines = stderr.trimEnd().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain(file);
		expect(lines[0]).toMatch(reason);
		expect(stderr).not.toMatch(/\n\s+at /);
	});
});
