/**
 * What a previewed file would do once ingested: the findings it would raise (the same rules the
 * ingest runs, over the file's report beside its agency's stored years) and, when its agency and
 * year already have a report, how many cells it reads otherwise (a 更正版) — before anything is
 * stored. The rules across agencies (内容雷同 with other agencies, rates against peers) need the
 * whole corpus: they run at the ingest only.
 */
import { agencyDue, type Due } from '../../report/season.js';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { dbPath, select, type Host } from '../db.js';
import { checkAgency } from '../../checks/run.js';
import { reportDataFromRows, reportDataOf, type Owner } from '../../checks/report-data.js';
import type { ReportData, Severity } from '../../checks/types.js';
import type { CellRef } from '../../report/metrics.js';
import type { Report } from '../../report/schema.js';
import { reportCells, type CellRecord } from '../../report/cells.js';
import { AGENCY_LEVELS, agencyKey, inferLevel, type AgencyLevel } from '../../report/agencies.js';
import { TEMPLATE_IDS, TABLE_KEYS } from '../../report/template.js';
import { inferredAgencyId, reportId, reportIdsOf } from '../../report/ids.js';
import { changedCells } from '../../build/decide.js';
import type { AgencyMatcher } from './match.js';

export interface ForeseenFinding {
	rule: string;
	severity: Severity;
	message: string;
	cells: CellRef[];
}

export interface Foreseen {
	findings: ForeseenFinding[];
	/** Cells read otherwise than the stored report of the same agency and year; null when there is none. */
	changes: number | null;
}

const StoredReport = z.object({
	id: z.coerce.number(),
	year: z.number().int(),
	template: z.enum(TEMPLATE_IDS),
	published_date: z.string().nullable(),
	published_source: z.string().nullable()
});
const Cell = z.object({
	report_id: z.coerce.number(),
	table_key: z.enum(TABLE_KEYS),
	row_key: z.string(),
	col_key: z.string(),
	value: z.number().nullable(),
	raw: z.string().nullable()
});
const Section = z.object({ report_id: z.coerce.number(), section: z.string(), text: z.string().nullable() });

type Stored = { data: ReportData; cells: CellRecord[] }[];

/** An agency's stored reports, as the rules read them, with their cells (to compare a new version with). */
async function storedReportsOf(h: Host, owner: Omit<Owner, 'id'>): Promise<Stored> {
	const [lo, hi] = reportIdsOf(owner.agencyId);
	return h.read(async (c) => {
		const reports = await select(c, StoredReport, `SELECT id, year, template, published_date, published_source FROM reports WHERE id BETWEEN $1 AND $2`, [
			lo,
			hi
		]);
		if (!reports.length) return [];
		const cells = await select(c, Cell, `SELECT report_id, table_key, row_key, col_key, value, raw FROM cells WHERE report_id BETWEEN $1 AND $2`, [lo, hi]);
		const sections = await select(c, Section, `SELECT report_id, section, text FROM report_sections WHERE report_id BETWEEN $1 AND $2`, [lo, hi]);
		return reports.map((r) => {
			const own = cells.filter((x) => x.report_id === r.id);
			return {
				data: reportDataFromRows(
					r,
					own,
					sections.filter((s) => s.report_id === r.id),
					{ ...owner, id: r.id }
				),
				cells: own.map((x) => ({ table: x.table_key, row: x.row_key, col: x.col_key, value: x.value, raw: x.raw }))
			};
		});
	});
}

const levelOf = (l: string | undefined): AgencyLevel | null => (AGENCY_LEVELS.includes(l as AgencyLevel) ? (l as AgencyLevel) : null);

/** For each file (a parsed report with a year and an agency, and the agency it was matched to, if any): what it would raise. */
export async function foresee(h: Host, matcher: AgencyMatcher, files: { report: Report; agencyId: number | null }[]): Promise<Foreseen[]> {
	const served = existsSync(dbPath());
	const stored = new Map<number, Promise<Stored>>();
	return Promise.all(
		files.map(async ({ report, agencyId }) => {
			const name = report.agency!;
			const year = report.year!;
			const row = agencyId === null ? undefined : matcher.row(agencyId);
			const level = levelOf(row?.level) ?? inferLevel(name);
			const owner: Omit<Owner, 'id'> = {
				agencyId: agencyId ?? inferredAgencyId(agencyKey(name)),
				agency: row?.name ?? name,
				level,
				// The deadline the stored agency has (its own or its level's as set); a new one's, its level's.
				deadline: (row as { due?: Due } | undefined)?.due ?? agencyDue(level, null),
				parentLevel: levelOf(row?.parent_id == null ? undefined : matcher.row(row.parent_id)?.level),
				generated: row?.generated ?? false
			};
			const id = reportId(owner.agencyId, year);
			if (agencyId !== null && served && !stored.has(agencyId)) stored.set(agencyId, storedReportsOf(h, owner));
			const others = agencyId === null ? [] : await stored.get(agencyId)!;
			const same = others.find((o) => o.data.id === id);
			const reports = [...others.filter((o) => o !== same).map((o) => o.data), reportDataOf({ ...report, year }, { ...owner, id })].sort(
				(a, b) => a.year - b.year
			);
			const years: [number, number] = [reports[0].year, reports[reports.length - 1].year];
			const findings = checkAgency(reports, years, owner.generated, owner.agencyId)
				.findings.filter((f) => f.report_id === id)
				.map(({ rule, severity, message, cells }) => ({ rule, severity, message, cells }));
			return { findings, changes: same ? changedCells(same.cells, reportCells(report)).length : null };
		})
	);
}
