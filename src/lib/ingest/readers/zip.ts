/**
 * One entry of a zip archive, expanded under a cap whatever the archive says of its size: the
 * central directory is read here, and the entry inflated a slice at a time, counting what comes
 * out. A zip bomb, or an entry lying about its size, costs the cap, not the memory it claims.
 */
import { Inflate } from 'fflate';

export class ZipError extends Error {}
/** The entry expands past the cap. */
export class ZipTooLarge extends Error {
	constructor(readonly seen: number) {
		super('entry larger than the cap');
	}
}

/** Compressed input handed to the inflater at once: its output per step stays ~1000× this at most. */
const SLICE = 16 * 1024;

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** The entry's bytes, or null when the archive has no such entry. */
export function zipEntry(zip: Uint8Array, name: string, cap: number, tick: () => void = () => {}): Uint8Array | null {
	// End of central directory: the last signature within the final 64 KB (its comment may follow).
	let eocd = -1;
	for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
		if (u32(zip, i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new ZipError('no end of central directory');
	const count = u16(zip, eocd + 10);
	let p = u32(zip, eocd + 16);
	const wanted = new TextEncoder().encode(name);
	for (let n = 0; n < count; n++) {
		if (p + 46 > zip.length || u32(zip, p) !== 0x02014b50) throw new ZipError('broken central directory');
		const method = u16(zip, p + 10);
		const compressed = u32(zip, p + 20);
		const nameLength = u16(zip, p + 28);
		const next = p + 46 + nameLength + u16(zip, p + 30) + u16(zip, p + 32);
		const entryName = zip.subarray(p + 46, p + 46 + nameLength);
		if (entryName.length === wanted.length && entryName.every((b, i) => b === wanted[i])) {
			const local = u32(zip, p + 42);
			if (local + 30 > zip.length || u32(zip, local) !== 0x04034b50) throw new ZipError('broken local header');
			const start = local + 30 + u16(zip, local + 26) + u16(zip, local + 28);
			const data = zip.subarray(start, Math.min(zip.length, start + (compressed === 0xffffffff ? zip.length : compressed)));
			return expand(data, method, cap, tick);
		}
		p = next;
	}
	return null;
}

function expand(data: Uint8Array, method: number, cap: number, tick: () => void): Uint8Array {
	if (method === 0) {
		if (data.length > cap) throw new ZipTooLarge(data.length);
		return data.slice();
	}
	if (method !== 8) throw new ZipError(`compression method ${method}`);
	const chunks: Uint8Array[] = [];
	let size = 0;
	let ended = false;
	const inflate = new Inflate((chunk, final) => {
		size += chunk.length;
		if (size > cap) throw new ZipTooLarge(size);
		chunks.push(chunk);
		if (final) ended = true;
	});
	for (let i = 0; i < data.length && !ended; i += SLICE) {
		tick();
		inflate.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
	}
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}
