/**
 * The parser pool gives what parsing in this process gives, file for file, and survives a
 * parser that hangs: the file is rejected as timed out and the files after it are still read.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inProcessParser, processPool, type ParseOutcome, type Parser } from './pool.js';

const REAL = ['dagan-chagan-2024.txt', 'pingtan-2024.html', 'huaian-city-2024.pdf', 'pingtan-2023.txt'].map((f) => path.resolve('data/reports/real', f));

/** A PDF of many pages of a little text each: slow to read for its size. */
function manyPagePdf(pages: number): Uint8Array {
	const objs: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
	const kids: string[] = [];
	for (let p = 0; p < pages; p++) {
		const content = `BT /F1 10 Tf 72 760 Td (Page ${p} of a long annex: 1 2 3 4 5 6 7 8 9 10 11 12) Tj 0 -14 Td (second line 13 14 15 16) Tj ET`;
		const page = objs.length + 1;
		objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${page + 1} 0 R >>`);
		objs.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
		kids.push(`${page} 0 R`);
	}
	objs[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objs.forEach((o, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
	out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return new TextEncoder().encode(out);
}

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
		// A PDF of 3,000 pages takes over a second to read and a text report some milliseconds:
		// with a clock of 250 ms the PDF is taken as hanging and the text reports are not.
		const dir = await mkdtemp(path.join(tmpdir(), 'nianbao-pool-'));
		try {
			const slow = path.join(dir, 'annex.pdf');
			await writeFile(slow, manyPagePdf(3000));
			const out = await parseAll(processPool(1, { timeoutMs: 250 }), [slow, REAL[0], REAL[3]]);
			expect(out[0].rejected).toEqual({ code: 'timeout', reason: '解析超时（超过 0.25 秒）' });
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

