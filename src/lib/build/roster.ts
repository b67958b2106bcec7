/**
 * The roster's rows of one agency (the `roster` table): every year from the first it owes or
 * reported in to the last, each with its deadline and what became of it (report/season.ts).
 * Written by the checks, agency by agency, from the same span the 缺报 rule reads: one
 * definition of who owes what, so that 应报 = 已收 + 缺报 wherever it is counted.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { daysLate, dueDate, rosterStatus, type Due } from '../report/season.js';
import { reportId } from '../report/ids.js';
import * as T from '../contract/tables.js';
import { rowWriter } from '../contract/tables.js';

interface Reported {
	year: number;
	published: { date: string; source: string } | null;
}

export function rosterRows(agencyId: number, due: Due, owed: [number, number] | null, reports: Reported[], asOf: string): T.RowOf<'roster'>[] {
	const years = reports.map((r) => r.year);
	const lo = Math.min(...years, ...(owed ? [owed[0]] : []));
	const hi = Math.max(...years, ...(owed ? [owed[1]] : []));
	const rows: T.RowOf<'roster'>[] = [];
	for (let year = lo; year <= hi; year++) {
		const report = reports.find((r) => r.year === year) ?? null;
		const date = dueDate(year, due);
		const published = report?.published ?? null;
		rows.push({
			agency_id: agencyId,
			year,
			owed: report !== null || (owed !== null && year >= owed[0] && year <= owed[1]),
			due: date,
			status: rosterStatus(owed !== null && year >= owed[0] && year <= owed[1], date, report && { published: published?.date ?? null }, asOf),
			report_id: report ? reportId(agencyId, year) : null,
			published_date: published?.date ?? null,
			published_source: published?.source ?? null,
			days_late: published ? daysLate(published.date, date) : null
		});
	}
	return rows;
}

export class RosterWriter {
	private writeRow: (row: T.RowOf<'roster'>) => void;

	private constructor(private appender: DuckDBAppender) {
		this.writeRow = rowWriter(T.roster, appender);
	}

	/** Appends to the roster: the checks remove first the rows they write again. */
	static async open(c: DuckDBConnection): Promise<RosterWriter> {
		return new RosterWriter(await c.createAppender('roster'));
	}

	write(rows: T.RowOf<'roster'>[]) {
		for (const r of rows) this.writeRow(r);
	}

	flush() {
		this.appender.flushSync();
	}

	close() {
		this.appender.closeSync();
	}
}
