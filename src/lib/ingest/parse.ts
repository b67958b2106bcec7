/**
 * One file to one validated Report: read (by format), recognize (by the template), validate.
 * Every failure is a ParseError naming the file and the reason.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { ReportSchema, type Report } from '../report/schema.js';
import { ParseError } from './document.js';
import { readerFor } from './readers/index.js';
import { recognize } from './recognize/index.js';
import { BOUNDS, Budget, boundReport, checkDocument, type Bounds } from './bounds.js';

/** A report is a few hundred KB; anything far larger is not one, and is not read into memory. */
export const MAX_FILE_BYTES = BOUNDS.fileBytes;

const tooLarge = (file: string, size: number, bounds: Readonly<Bounds>) =>
	new ParseError(file, `文件过大（${(size / 1048576).toFixed(1)} MB，上限 ${bounds.fileBytes / 1048576} MB）`, 'too_large');

/** A file that went away between listing and reading is `vanished`; any other failure to open it `unreadable`. */
function unreadable(file: string, e: NodeJS.ErrnoException): never {
	throw new ParseError(file, `无法读取文件（${e.code ?? e.message}）`, e.code === 'ENOENT' ? 'vanished' : 'unreadable');
}

export async function parseFile(file: string): Promise<Report> {
	return (await readReportFile(file)).report;
}

/** A file's report, and the hash of the bytes it was read from (they may have changed since a scan). */
export async function readReportFile(file: string, bounds: Readonly<Bounds> = BOUNDS): Promise<{ report: Report; sha256: string }> {
	readerFor(file); // an unknown extension is said before anything is read
	const s = await stat(file).catch((e) => unreadable(file, e));
	if (!s.isFile()) throw new ParseError(file, '不是文件（not a regular file）', 'not_a_file');
	if (s.size > bounds.fileBytes) throw tooLarge(file, s.size, bounds);
	const bytes = new Uint8Array(await readFile(file).catch((e) => unreadable(file, e)));
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	return { report: await parseBytes(bytes, file, bounds), sha256 };
}

/** Within the bounds (bounds.ts): the file's size, what its reader makes of it, and the time it takes. */
export async function parseBytes(bytes: Uint8Array, file: string, bounds: Readonly<Bounds> = BOUNDS): Promise<Report> {
	const reader = readerFor(file);
	const budget = new Budget(file, bounds);
	if (bytes.length > bounds.fileBytes) throw tooLarge(file, bytes.length, bounds);
	if (bytes.length === 0) throw new ParseError(file, '空文件（empty file）', 'empty_file');
	// Plain text has at least a character for every 4 bytes: far past the bound, it is not decoded.
	if ((reader.format === 'txt' || reader.format === 'md') && bytes.length > bounds.textChars * 4) budget.text(Math.floor(bytes.length / 4));
	let doc;
	try {
		doc = await reader.read(bytes, file, budget);
	} catch (e) {
		if (e instanceof ParseError) throw e;
		throw new ParseError(file, `无法读取${reader.format}文件（${(e as Error).message}）`);
	}
	checkDocument(doc, budget);
	const { report: recognized, looksLikeReport } = recognize(doc, reader.format);
	budget.checkTime();
	const report = boundReport(recognized, bounds);
	if (!looksLikeReport) {
		throw new ParseError(file, '不是政府信息公开工作年度报告：未找到标题、章节或表格（not an annual report）', 'not_a_report');
	}
	const checked = ReportSchema.safeParse(report);
	if (!checked.success) {
		// A bug of ours, not of the file: say so plainly.
		throw new ParseError(file, `解析结果不符合报告结构（internal: ${checked.error.issues[0]?.message}）`, 'internal');
	}
	return checked.data;
}
