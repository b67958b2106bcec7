/**
 * The parser pool gives what parsing in this process gives, file for file, and survives a
 * parser that hangs: the file is rejected as timed out and the files after it are still read.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inProcessParser, processPool, type ParseOutcome, type Parser } from './pool.js';
import { manyPagePdf } from './hostile.js';

const REAL = ['dagan-chagan-2024.txt', 'pingtan-2024.html', 'huaian-city-2024.pdf', 'pingtan-2023.txt'].map((f) => path.resolve('data/reports/real', f));

async function parseAll(parser: Parser, files: string[]): Promise<ParseOutcome[]> {
	try {
		return await Promise.all(files.map((f) => parser.parse(f)));
	} finally {
		parser.close();
	}
}

describe('parser pool', () => {
	it('gives the same reports and rejections as parsing in this process', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-pool-'));
		try {
			const corrupt = path.join(dir, 'corrupt.docx');
			await writeFile(corrupt, 'PK\u0003\u0004 not really a zip');
			const files = [...REAL, corrupt, path.join(dir, 'missing.txt')];
			const pooled = await parseAll(processPool(2), files);
			const local = await parseAll(inProcessParser(), files);
			expect(pooled).toEqual(local);
			expect(pooled.slice(0, REAL.length).every((o) => o.report?.agency)).toBe(true);
			expect(pooled[REAL.length].rejected).toMatchObject({ code: 'broken_file', reason: expect.stringMatching(/docx/i) });
			expect(pooled[REAL.length + 1].rejected?.code).toBe('vanished');
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}, 60_000);

	it('rejects a file whose parser hangs, replaces the parser, and reads the files after it', async () => {
		// A PDF of 200 full pages takes seconds to read and a text report some milliseconds:
		// with a clock of 1.5 s the PDF is taken as hanging and the text reports are not.
		const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-pool-'));
		try {
			const slow = path.join(dir, 'annex.pdf');
			await writeFile(slow, manyPagePdf(200, 35)); // within the bounds (bounds.ts), seconds to read
			const out = await parseAll(processPool(1, { timeoutMs: 1500 }), [slow, REAL[0], REAL[3]]);
			expect(out[0].rejected).toEqual({ code: 'timeout', reason: '解析超时（超过 1.5 秒）' });
			expect(out[1].report?.agency).toBe('大安市叉干镇综合服务中心');
			expect(out[2].report?.year).toBe(2023);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}, 60_000);

	it('rejects the file a parser died on, and the files queued behind it are still read', async () => {
		const pool = processPool(1);
		try {
			const files = [path.resolve('data/reports/real/huaian-city-2024.pdf'), REAL[0], REAL[3]];
			const outcomes = files.map((f) => pool.parse(f));
			// The parser dies as soon as it is there: long before a PDF could be read.
			const [pid] = pool.pids();
			expect(pid).toBeGreaterThan(0);
			process.kill(pid, 'SIGKILL');
			const out = await Promise.all(outcomes);
			expect(out[0].rejected).toEqual({ code: 'parser_crashed', reason: '解析进程异常退出（SIGKILL）' });
			expect(out[1].report?.agency).toBe('大安市叉干镇综合服务中心');
			expect(out[2].report?.year).toBe(2023);
		} finally {
			pool.close();
		}
	}, 60_000);
});
