/**
 * One file to one validated Report: read (by format), recognize (by the template), validate.
 * Every failure is a ParseError naming the file and the reason.
 */
import { readFile, stat } from 'node:fs/promises';
import { ReportSchema, type Report } from '../report/schema.js';
import { ParseError } from './document.js';
import { readerFor } from './readers/index.js';
import { recognize } from './recognize/index.js';

/** A report is a few hundred KB; anything far larger is not one, and is not read into memory. */
export const MAX_FILE_BYTES = 40 * 1024 * 1024;

export async function parseFile(file: string): Promise<Report> {
	readerFor(file); // an unknown extension is said before anything is read
	let size: number;
	try {
		const s = await stat(file);
		if (!s.isFile()) throw new ParseError(file, '不是文件（not a regular file）');
		size = s.size;
	} catch (e) {
		if (e instanceof ParseError) throw e;
		throw new ParseError(file, `无法读取文件（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`);
	}
	if (size > MAX_FILE_BYTES) {
		throw new ParseError(file, `文件过大（${(size / 1048576).toFixed(1)} MB，上限 ${MAX_FILE_BYTES / 1048576} MB）`);
	}
	return parseBytes(new Uint8Array(await readFile(file)), file);
}

export async function parseBytes(bytes: Uint8Array, file: string): Promise<Report> {
	const reader = readerFor(file);
	if (bytes.length > MAX_FILE_BYTES) {
		throw new ParseError(file, `文件过大（${(bytes.length / 1048576).toFixed(1)} MB，上限 ${MAX_FILE_BYTES / 1048576} MB）`);
	}
	if (bytes.length === 0) throw new ParseError(file, '空文件（empty file）');
	let doc;
	try {
		doc = await reader.read(bytes, file);
	} catch (e) {
		if (e instanceof ParseError) throw e;
		throw new ParseError(file, `无法读取${reader.format}文件（${(e as Error).message}）`);
	}
	const { report, looksLikeReport } = recognize(doc, reader.format);
	if (!looksLikeReport) {
		throw new ParseError(file, '不是政府信息公开工作年度报告：未找到标题、章节或表格（not an annual report）');
	}
	const checked = ReportSchema.safeParse(report);
	if (!checked.success) {
		// A bug of ours, not of the file: say so plainly.
		throw new ParseError(file, `解析结果不符合报告结构（internal: ${checked.error.issues[0]?.message}）`);
	}
	return checked.data;
}
