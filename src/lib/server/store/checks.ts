/**
 * Runs the checks over the database being built and writes their findings and every report's
 * metrics. Reads agency by agency (in chunks, column-wise), so memory stays small; findings are
 * rebuilt whole each time, because a new report can change another's (carry-over, 雷同, peers).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { METRICS, computeMetric, type CellRef } from '../../report/metrics.js';
import type { AgencyLevel } from '../../report/agencies.js';
import type { TemplateId } from '../../report/template.js';
import { startChecks } from '../../checks/run.js';
import type { Finding, ReportData } from '../../checks/types.js';

const CHUNK = 100; // agencies per read: a few tens of thousands of cells at a time

export async function runChecks(c: DuckDBConnection): Promise<number> {
	await c.run(`DELETE FROM findings WHERE rule <> 'source_conflict'`);
	await c.run('DELETE FROM metrics');
	const agencies = (
		await c.runAndReadAll(
			`SELECT a.id, a.name, a.level, p.level AS parent_level, a.generated FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id ORDER BY a.id`
		)
	).getRowObjectsJS() as { id: number; name: string; level: AgencyLevel; parent_level: AgencyLevel | null; generated: boolean }[];
	// The years each corpus (real, generated) covers: an agency is expected to report in all of them.
	const spans = (await c.runAndReadAll('SELECT generated, min(year)::INTEGER AS lo, max(year)::INTEGER AS hi FROM reports GROUP BY generated')).getRowObjectsJS() as {
		generated: boolean;
		lo: number;
		hi: number;
	}[];
	const span = (generated: boolean): [number, number] | null => {
		const s = spans.find((x) => x.generated === generated);
		return s ? [s.lo, s.hi] : null;
	};

	const run = startChecks();
	const findings = await c.createAppender('findings');
	const metrics = await c.createAppender('metrics');
	let count = 0;
	const write = (fs: Finding[]) => {
		for (const f of fs) {
			findings.appendInteger(f.report_id);
			findings.appendInteger(f.agency_id);
			findings.appendInteger(f.year);
			findings.appendVarchar(f.rule);
			findings.appendVarchar(f.severity);
			findings.appendVarchar(f.message);
			findings.appendVarchar(JSON.stringify(f.cells));
			findings.endRow();
			count++;
		}
	};

	for (let i = 0; i < agencies.length; i += CHUNK) {
		const chunk = agencies.slice(i, i + CHUNK);
		const lo = chunk[0].id * 10000;
		const hi = chunk[chunk.length - 1].id * 10000 + 9999;
		const reports = (
			await c.runAndReadAll('SELECT id, agency_id, year, template FROM reports WHERE id BETWEEN $1 AND $2 ORDER BY id', [lo, hi])
		).getRowObjectsJS() as { id: number; agency_id: number; year: number; template: TemplateId }[];
		const cells = (await c.runAndReadAll(`SELECT report_id, table_key || '.' || row_key || '.' || col_key AS k, value, raw FROM cells WHERE report_id BETWEEN $1 AND $2`, [lo, hi])).getColumnsJS() as unknown as [number[], string[], (number | null)[], (string | null)[]];
		const sections = (await c.runAndReadAll('SELECT report_id, section, text FROM report_sections WHERE report_id BETWEEN $1 AND $2', [lo, hi])).getColumnsJS() as unknown as [number[], string[], (string | null)[]];

		const values = new Map<number, Map<string, [number | null, string | null]>>();
		for (let k = 0; k < cells[0].length; k++) {
			let m = values.get(cells[0][k]);
			if (!m) values.set(cells[0][k], (m = new Map()));
			m.set(cells[1][k], [cells[2][k], cells[3][k]]);
		}
		const texts = new Map<number, Record<string, string | null>>();
		for (let k = 0; k < sections[0].length; k++) {
			const t = texts.get(sections[0][k]) ?? {};
			t[sections[1][k]] = sections[2][k];
			texts.set(sections[0][k], t);
		}
		const byAgency = new Map<number, typeof reports>();
		for (const r of reports) (byAgency.get(r.agency_id) ?? byAgency.set(r.agency_id, []).get(r.agency_id)!).push(r);
		for (const a of chunk) {
			const mine = byAgency.get(a.id) ?? [];
			const data: ReportData[] = mine.map((r) => {
				const m = values.get(r.id) ?? new Map();
				const key = (ref: CellRef) => `${ref.table}.${ref.row}.${ref.col}`;
				return {
					id: r.id,
					agencyId: a.id,
					agency: a.name,
					level: a.level,
					parentLevel: a.parent_level,
					year: r.year,
					template: r.template,
					generated: a.generated,
					value: (ref) => m.get(key(ref))?.[0] ?? null,
					raw: (ref) => m.get(key(ref))?.[1] ?? null,
					sections: texts.get(r.id) ?? {}
				};
			});
			for (const r of data) {
				for (const def of METRICS) {
					const v = computeMetric(def, r.value);
					metrics.appendInteger(r.id);
					metrics.appendVarchar(def.key);
					for (const x of [v.value, v.numerator, v.denominator]) x === null ? metrics.appendNull() : metrics.appendDouble(x);
					metrics.endRow();
				}
			}
			const years = span(a.generated);
			if (!years || (!mine.length && !a.generated)) continue; // a real agency with no report at all: nothing to expect yet
			// A generated corpus says who must report every year; for real agencies we know only what arrived.
			write(run.agency(data, years, a.generated, a.id));
		}
	}
	write(run.finish());
	findings.closeSync();
	metrics.closeSync();
	return count;
}
