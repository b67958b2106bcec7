/**
 * The registry file (data/agencies.csv) as a table of text to amend: its header as it is (columns
 * in its own order, a column it lacks added only when a row needs it), each row's fields as they
 * mean (a formula guard read off, escape.ts), written back with every field guarded against
 * formula injection and quoted where CSV needs it.
 */
import { spreadsheetText, unguardFormula } from '../escape.js';
import { REGISTRY_COLUMNS, parseCsv } from './registry.js';

export type RegistryColumn = (typeof REGISTRY_COLUMNS)[number];

/** A row as the audit log keeps it: its non-empty fields by column. */
export type RowRecord = Partial<Record<RegistryColumn, string>>;

/** A CSV field: guarded when a spreadsheet would take it for a formula, quoted when it must be. */
export function csvField(value: string): string {
	const v = spreadsheetText(value);
	return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export class RegistryTable {
	private constructor(
		readonly header: string[],
		readonly rows: string[][]
	) {}

	/** The file's text (a missing file: the header alone). */
	static parse(text: string | null): RegistryTable {
		if (text === null) return new RegistryTable([...REGISTRY_COLUMNS.slice(0, 6)], []);
		const [header = [], ...rows] = parseCsv(text.replace(/^\ufeff/, ''));
		return new RegistryTable(
			header.map((h) => h.trim()),
			rows.map((r) => r.map(unguardFormula))
		);
	}

	private at(column: RegistryColumn): number {
		return this.header.indexOf(column);
	}

	get(row: string[], column: RegistryColumn): string {
		const i = this.at(column);
		return i < 0 ? '' : (row[i] ?? '').trim();
	}

	/** Sets a field; a column the file lacks is added (at the end) only for a value. */
	set(row: string[], column: RegistryColumn, value: string) {
		let i = this.at(column);
		if (i < 0) {
			if (!value) return;
			this.header.push(column);
			i = this.header.length - 1;
		}
		while (row.length <= i) row.push('');
		row[i] = value;
	}

	/** A number field, or null when blank. */
	num(row: string[], column: RegistryColumn): number | null {
		const v = this.get(row, column);
		return v ? Number(v) : null;
	}

	id(row: string[]): number {
		return Number(this.get(row, 'id'));
	}

	byId(id: number): string[] | undefined {
		return this.rows.find((r) => this.id(r) === id);
	}

	list(row: string[], column: 'aliases' | 'report_url'): string[] {
		return this.get(row, column)
			.split(';')
			.map((s) => s.trim())
			.filter(Boolean);
	}

	/** A new row of blank fields, as wide as the header. */
	blank(): string[] {
		return new Array<string>(this.header.length).fill('');
	}

	record(row: string[]): RowRecord {
		const out: RowRecord = {};
		for (const c of REGISTRY_COLUMNS) {
			const v = this.get(row, c);
			if (v) out[c] = v;
		}
		return out;
	}

	/** The file's text: every field guarded and quoted where it must be. */
	toCsv(): string {
		return [this.header, ...this.rows].map((r) => this.header.map((_, i) => csvField(r[i] ?? '')).join(',')).join('\n') + '\n';
	}
}
