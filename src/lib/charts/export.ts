import { spreadsheetText } from '../escape.js';

/** The data behind a chart, as a table and as CSV (UTF-8 with BOM, so Excel reads Chinese). */
export interface TableData {
	columns: string[];
	rows: (string | number | null)[][];
}

/** A cell: text that a spreadsheet would run as a formula is neutralized, then quoted as CSV needs. */
function cell(v: string | number | null): string {
	const s = v === null ? '' : typeof v === 'number' ? String(v) : spreadsheetText(v);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvOf(t: TableData): string {
	return '\ufeff' + [t.columns, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Saves bytes or text as a file the browser downloads. */
export function download(filename: string, data: string | Uint8Array, type: string) {
	const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.click();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
