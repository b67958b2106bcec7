/**
 * When a report file came, as the versions of one report (更正版) are ordered: docs/data-model.md.
 *
 * An uploaded file is stored under a name that carries the moment its upload was committed
 * (`{agency}-{year}-{YYYYMMDDTHHMMSSZ}-{sha8}.{ext}`), so that a rebuild from the files alone
 * orders the versions as they came; any other file counts from the date it states it was
 * published. The key is China's local time (published dates are dates there), written so that
 * keys compare as strings: '2025-03-01' < '2025-03-01T09:30:00' < '2025-03-02'.
 */
import { chinaClock } from './china-time.js';

const STAMP = /^(?:\d+|new)-\d{4}-(\d{8}T\d{6}Z)-[0-9a-f]{8}\.[a-z0-9]+$/;

const stampOf = (d: Date) =>
	d
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d+Z$/, 'Z');

/** The name an upload stores a file under: agency (or `new`), year, the commit's moment, the content's hash. */
export function uploadFileName(agencyId: number | null, year: number, at: Date, sha256: string, ext: string): string {
	return `${agencyId ?? 'new'}-${year}-${stampOf(at)}-${sha256.slice(0, 8)}.${ext}`;
}

/** The moment an uploaded file's name says it was committed, or null for any other name. */
export function uploadedAt(filePath: string): Date | null {
	const m = STAMP.exec(filePath.split(/[\\/]/).pop() ?? '');
	if (!m) return null;
	const s = m[1];
	const d = new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
	return Number.isNaN(d.getTime()) ? null : d;
}

/** When the file came: its upload's moment, else the date it states it was published, else null (unknown). */
export function arrivalKey(filePath: string, published: string | null): string | null {
	const at = uploadedAt(filePath);
	if (at) return chinaClock(at);
	return published;
}
