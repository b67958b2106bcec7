/**
 * What an upload carries, bounded: files as sent, and the entries of a .zip among them, each
 * checked before anything is kept. A zip is read from its central directory (entry count,
 * declared sizes, names), and each entry inflated in small steps with the bytes counted, so a
 * zip whose headers lie is stopped while inflating, not after. Anything out of bounds refuses
 * the whole upload (UploadRefused): nothing of it is stored.
 */
import { Inflate } from 'fflate';
import { MAX_FILE_BYTES } from '../../ingest/parse.js';

/** At most this many report files in one upload (after unpacking zips). */
export const MAX_UPLOAD_FILES = 200;
/** A zip may hold at most this many entries … */
export const MAX_ZIP_ENTRIES = 1000;
/** … and expand to at most this many bytes, all its entries together. */
export const MAX_ZIP_EXPANDED = 200 * 1024 * 1024;
/** The request itself (every file of it, zipped or not). */
export const MAX_REQUEST_BYTES = 250 * 1024 * 1024;

export class UploadRefused extends Error {}

export interface Incoming {
	/** As the uploader named it: a file's name, or a zip entry's path inside the zip. */
	name: string;
	bytes: Uint8Array;
}

const STEP = 16 * 1024;

export function isZipName(name: string): boolean {
	return /\.zip$/i.test(name);
}

/** A name that climbs out of where it is put: `..` segments, an absolute path, a drive letter. */
export function climbsOut(name: string): boolean {
	const n = name.replaceAll('\\', '/');
	return n.startsWith('/') || /^[a-z]:/i.test(n) || n.split('/').some((s) => s === '..') || n.includes('\0');
}

/** The files of an upload, every zip expanded in place; throws UploadRefused past a bound. */
export function unpack(files: Incoming[]): Incoming[] {
	const out: Incoming[] = [];
	for (const f of files) {
		if (climbsOut(f.name)) throw new UploadRefused(`文件名不允许包含上级目录或绝对路径：${f.name}`);
		if (isZipName(f.name)) out.push(...unzip(f));
		else out.push(f);
		if (out.length > MAX_UPLOAD_FILES) throw new UploadRefused(`一次最多上传 ${MAX_UPLOAD_FILES} 个文件`);
	}
	if (!out.length) throw new UploadRefused('没有收到文件');
	return out;
}

interface Entry {
	name: string;
	method: number;
	flags: number;
	compressed: number;
	size: number;
	localOffset: number;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

function decodeName(raw: Uint8Array, utf8: boolean): string {
	if (utf8) return new TextDecoder('utf-8').decode(raw);
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(raw);
	} catch {
		return new TextDecoder('gb18030').decode(raw); // zips made on Chinese Windows
	}
}

/** The central directory's entries, with every bound that it alone can show checked. */
export function zipEntries(zip: Uint8Array, label = '压缩包'): Entry[] {
	const bad = (why: string) => new UploadRefused(`${label}无法读取：${why}`);
	// The end-of-central-directory record: within the last 64 KiB + 22 bytes.
	let eocd = -1;
	for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
		if (u32(zip, i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw bad('不是有效的 zip 文件');
	const count = u16(zip, eocd + 10);
	const cdSize = u32(zip, eocd + 12);
	const cdOffset = u32(zip, eocd + 16);
	if (count === 0xffff || cdOffset === 0xffffffff) throw bad('不支持 zip64 格式');
	if (count > MAX_ZIP_ENTRIES) throw new UploadRefused(`${label}的条目超过 ${MAX_ZIP_ENTRIES} 个（共 ${count} 个）`);
	if (cdOffset + cdSize > zip.length) throw bad('目录越界');
	const entries: Entry[] = [];
	let total = 0;
	for (let i = 0, o = cdOffset; i < count; i++) {
		if (o + 46 > zip.length || u32(zip, o) !== 0x02014b50) throw bad('目录损坏');
		const flags = u16(zip, o + 8);
		const method = u16(zip, o + 10);
		const compressed = u32(zip, o + 20);
		const size = u32(zip, o + 24);
		const nameLen = u16(zip, o + 28);
		const extraLen = u16(zip, o + 30);
		const commentLen = u16(zip, o + 32);
		const localOffset = u32(zip, o + 42);
		const name = decodeName(zip.subarray(o + 46, o + 46 + nameLen), (flags & 0x800) !== 0);
		o += 46 + nameLen + extraLen + commentLen;
		if (climbsOut(name)) throw new UploadRefused(`${label}中的路径越出目录：${name}`);
		if (name.endsWith('/')) continue; // a folder
		if (flags & 1) throw new UploadRefused(`${label}中的文件已加密：${name}`);
		if (method !== 0 && method !== 8) throw new UploadRefused(`${label}中的文件使用了不支持的压缩方式：${name}`);
		total += size;
		if (total > MAX_ZIP_EXPANDED) throw new UploadRefused(`${label}解压后超过 ${MAX_ZIP_EXPANDED / 1048576} MB`);
		entries.push({ name, method, flags, compressed, size, localOffset });
	}
	return entries;
}

/** Every entry of a zip, inflated with its bytes counted against the bounds as they come. */
export function unzip(f: Incoming): Incoming[] {
	const label = `压缩包「${f.name}」`;
	const entries = zipEntries(f.bytes, label);
	refuseOverlaps(f.bytes, entries, label);
	const out: Incoming[] = [];
	let total = 0;
	for (const e of entries) {
		const base = e.name.split('/').pop()!;
		if (e.name.startsWith('__MACOSX/') || base.startsWith('.')) continue; // a Mac's resource forks, hidden files
		const o = e.localOffset;
		if (o + 30 > f.bytes.length || u32(f.bytes, o) !== 0x04034b50) throw new UploadRefused(`${label}无法读取：文件头损坏（${e.name}）`);
		const start = o + 30 + u16(f.bytes, o + 26) + u16(f.bytes, o + 28);
		if (start + e.compressed > f.bytes.length) throw new UploadRefused(`${label}无法读取：数据越界（${e.name}）`);
		const data = f.bytes.subarray(start, start + e.compressed);
		// An entry may not exceed what it declared, nor the parser's cap, nor the zip's budget.
		const cap = Math.min(e.size, MAX_FILE_BYTES + 1, MAX_ZIP_EXPANDED - total);
		const bytes =
			e.method === 0 ? data.slice() : inflateBounded(data, cap, () => new UploadRefused(`${label}中的「${e.name}」解压后大于其声明的大小（疑似压缩炸弹）`));
		if (bytes.length !== e.size) throw new UploadRefused(`${label}中的「${e.name}」大小与声明不符`);
		total += bytes.length;
		out.push({ name: e.name, bytes });
		if (out.length > MAX_UPLOAD_FILES) throw new UploadRefused(`一次最多上传 ${MAX_UPLOAD_FILES} 个文件`);
	}
	return out;
}

/**
 * Entries whose data overlap are a bomb's trick (200 entries inflating one stream, in a 13.7 KB
 * zip: 200 MB inflated in the server): no zip a person makes has them.
 */
function refuseOverlaps(zip: Uint8Array, entries: Entry[], label: string) {
	const spans = entries
		.filter((e) => e.localOffset + 30 <= zip.length)
		.map((e) => {
			const start = e.localOffset + 30 + u16(zip, e.localOffset + 26) + u16(zip, e.localOffset + 28);
			return [e.localOffset, start + e.compressed] as const;
		})
		.sort((a, b) => a[0] - b[0]);
	for (let i = 1; i < spans.length; i++) if (spans[i][0] < spans[i - 1][1]) throw new UploadRefused(`${label}的条目相互重叠（疑似压缩炸弹）`);
}

/** Inflates in small steps, stopping as soon as the output passes `cap` bytes. */
export function inflateBounded(data: Uint8Array, cap: number, refuse: () => Error): Uint8Array {
	const chunks: Uint8Array[] = [];
	let size = 0;
	let over = false;
	const inflater = new Inflate((chunk) => {
		size += chunk.length;
		if (size > cap) over = true;
		else chunks.push(chunk);
	});
	for (let i = 0; i < data.length && !over; i += STEP) {
		try {
			inflater.push(data.subarray(i, i + STEP), i + STEP >= data.length);
		} catch (e) {
			throw new UploadRefused(`压缩数据损坏（${(e as Error).message}）`);
		}
	}
	if (over) throw refuse();
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}
