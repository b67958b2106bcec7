/**
 * The report files under a folder, in a stable order, every entry accounted for: a file to
 * read, an entry refused with its reason (a folder or a pipe named like a report, a link that
 * leads nowhere), or one skipped because it is not a report (counted, with why).
 * And a file's content hash, streamed and capped: one huge file costs a rejection, not memory.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Rejection } from '../report/rejections.js';
import { READABLE_EXTENSIONS, extensionOf } from './readers/index.js';
import { MAX_FILE_BYTES } from './parse.js';
import { PROVENANCE_SUFFIX } from '../report/provenance.js';

/** Files that are documentation beside the reports, not reports. */
const NOT_REPORTS = /^(readme|manifest|license)\b/i;
/** Formats reports come in that are not (yet) read: listed, so that they are rejected visibly. */
const CANDIDATE_EXTENSIONS = ['pdf', 'doc', 'wps', 'xls', 'xlsx', 'rtf', 'odt'];

export type SkipReason = 'hidden' | 'not_a_report_type' | 'documentation' | 'provenance';

export type Entry =
	| { path: string; rejected?: undefined }
	/** `signature` stands for the content a rerun compares (nothing was read). */
	| { path: string; rejected: Rejection; signature: string };

const looksLikeReport = (name: string) => {
	const ext = extensionOf(name);
	return READABLE_EXTENSIONS.includes(ext) || CANDIDATE_EXTENSIONS.includes(ext);
};

/**
 * Every entry under root (a folder, or one file), depth first, by name. Links to files are
 * followed; links to folders are not (a loop would never end): they are refused, with why.
 */
export async function* walkReportFiles(root: string, onSkip: (reason: SkipReason) => void = () => {}): AsyncGenerator<Entry> {
	const top = await stat(root); // a root that is not there is a wrong command, not a file's trouble
	if (!top.isDirectory()) {
		// A file named on the command line is read whatever its name: its rejection says why.
		yield top.isFile() ? { path: root } : { path: root, rejected: { code: 'not_a_file', reason: '不是普通文件' }, signature: 'not_a_file:special' };
		return;
	}
	yield* walkFolder(root, await realpath(root), onSkip);
}

async function* walkFolder(dir: string, inside: string, onSkip: (reason: SkipReason) => void): AsyncGenerator<Entry> {
	const names = (await readdir(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	for (const name of names) {
		if (name.startsWith('.')) {
			onSkip('hidden');
			continue;
		}
		yield* entryOf(path.join(dir, name), name, inside, onSkip);
	}
}

/** Whether `p` (resolved) lies within the folder `inside` (resolved). */
const within = (inside: string, p: string) => {
	const rel = path.relative(inside, p);
	return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

async function* entryOf(p: string, name: string, inside: string, onSkip: (reason: SkipReason) => void): AsyncGenerator<Entry> {
	const refuse = (kind: string, reason: string): Entry => ({ path: p, rejected: { code: 'not_a_file', reason }, signature: `not_a_file:${kind}` });
	let link = null;
	let s;
	try {
		link = await lstat(p);
		s = link.isSymbolicLink() ? await stat(p) : link;
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		if (link?.isSymbolicLink()) yield refuse('broken_link', `符号链接无法解析（${code}：指向的文件不存在或链接成环）`);
		else yield { path: p, rejected: { code: code === 'ENOENT' ? 'vanished' : 'unreadable', reason: `无法读取（${code}）` }, signature: `unreadable:${code}` };
		return;
	}
	if (s.isDirectory()) {
		if (link.isSymbolicLink()) yield refuse('dir_link', '指向文件夹的符号链接，未读取（请直接放入报告文件）');
		else if (looksLikeReport(name)) yield refuse('directory', '这是文件夹，不是文件（名称像报告文件）');
		else yield* walkFolder(p, inside, onSkip);
		return;
	}
	// A link is followed only to a file inside the folder read: never out of it (a link to /etc/passwd was read).
	if (link.isSymbolicLink() && looksLikeReport(name) && !within(inside, await realpath(p))) {
		yield refuse('outside_link', '符号链接指向报告文件夹之外，未读取');
		return;
	}
	if (name.endsWith(PROVENANCE_SUFFIX)) onSkip('provenance');
	else if (NOT_REPORTS.test(name)) onSkip('documentation');
	else if (!looksLikeReport(name)) onSkip('not_a_report_type');
	else if (!s.isFile()) yield refuse('special', '不是普通文件（管道、设备或套接字）');
	else yield { path: p };
}

export type Hashed = { sha256: string; size: number; rejected?: undefined } | { signature: string; size: number; rejected: Rejection };

/** A file's sha256, streamed; past the cap it stops reading and says so, with what it saw. */
export async function hashFile(file: string, cap = MAX_FILE_BYTES): Promise<Hashed> {
	let size = 0;
	try {
		const s = await stat(file);
		const seen = `${s.size}:${Math.round(s.mtimeMs)}`;
		const tooLarge = (n: number): Hashed => ({
			signature: `too_large:${seen}`,
			size: n,
			rejected: { code: 'too_large', reason: `文件过大（${(n / 1048576).toFixed(1)} MB，上限 ${cap / 1048576} MB）` }
		});
		if (s.size > cap) return tooLarge(s.size);
		const hash = createHash('sha256');
		// 64 KB reads: a 1 MB buffer for each of a million small files was most of the scan's time.
		for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) {
			size += (chunk as Buffer).length;
			if (size > cap) return tooLarge(size); // grew while read
			hash.update(chunk as Buffer);
		}
		return { sha256: hash.digest('hex'), size };
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
		return {
			signature: `unreadable:${code}`,
			size,
			rejected: { code: code === 'ENOENT' ? 'vanished' : 'unreadable', reason: `无法读取文件（${code}${code === 'EACCES' ? '：没有读取权限' : ''}）` }
		};
	}
}
