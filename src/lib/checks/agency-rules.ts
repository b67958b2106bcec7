/**
 * Rules that read one agency's reports over the years: carry-over from year to year, 现行有效
 * from year to year, missing years, and jumps against the agency's own history.
 */
import type { CellRef } from '../report/metrics.js';
import type { Finding, ReportData } from './types.js';
import { reportId } from '../report/ids.js';
import { PROACTIVE_ITEMS } from '../report/template.js';
import { evaluate, yearRelations, type Evaluation, type Relation, type RelationKind, type Term } from '../report/relations.js';

const t3 = (row: string, col = 'total'): CellRef => ({ table: 'applications', row, col });

type Emit = (r: ReportData | { id: number; agencyId: number; year: number }, draft: { message: string; cells: CellRef[] }) => void;

/** The year relations of `kind` between each report and the agency's report of the year before, evaluated where every cell has a value. */
function yearly(reports: ReportData[], kind: RelationKind): { r: ReportData; prev: ReportData; rel: Relation; e: Evaluation }[] {
	const out: { r: ReportData; prev: ReportData; rel: Relation; e: Evaluation }[] = [];
	for (let i = 1; i < reports.length; i++) {
		const [prev, r] = [reports[i - 1], reports[i]];
		if (prev.year !== r.year - 1) continue;
		for (const rel of yearRelations(prev.template, r.template)) {
			if (rel.kind !== kind) continue;
			const e = evaluate(rel, (t) => (t.previous ? prev : r).value(t));
			if (e) out.push({ r, prev, rel, e });
		}
	}
	return out;
}

const ref = (t: Term): CellRef => ({ table: t.table, row: t.row, col: t.col });

/** Rule 6: this year's 上年结转 is last year's 结转下年度. */
export function carryOver(reports: ReportData[], emit: Emit) {
	for (const { r, prev, rel, e } of yearly(reports, 'carry_over')) {
		if (e.holds) continue;
		const [before, now] = e.values;
		emit(r, {
			message: `上年结转${now}件，与${prev.year}年报告的“结转下年度继续办理”${before}件不一致，相差${Math.abs(now - before)}`,
			cells: rel.right.map(ref)
		});
	}
}

/** Rule 7: 现行有效件数 = last year's + 本年制发 − 本年废止 (2021 template, both years). */
export function inForceContinuity(reports: ReportData[], emit: Emit) {
	for (const { r, rel, e } of yearly(reports, 'in_force')) {
		if (e.holds) continue;
		const [last, issued, now, repealed] = e.values;
		const [, issuedRef] = rel.left.map(ref);
		const [nowRef, repealedRef] = rel.right.map(ref);
		emit(r, {
			message: `${PROACTIVE_ITEMS['2021'].find((i) => i.key === nowRef.row)!.label}现行有效${now}件，按上年${last}件+本年制发${issued}件−本年废止${repealed}件应为${last + issued - repealed}件`,
			cells: [nowRef, issuedRef, repealedRef]
		});
	}
}

/** Rule 8: a year the agency should have reported and did not. The finding stands on the year. */
export function missingReports(agencyId: number, reports: ReportData[], years: [number, number], fromFirstYear: boolean, emit: Emit) {
	const have = new Set(reports.map((r) => r.year));
	// A registered agency owes every year of the span; one known only from its reports, from its first.
	const first = fromFirstYear ? years[0] : Math.max(years[0], Math.min(...reports.map((r) => r.year), years[1]));
	for (let y = first; y <= years[1]; y++) {
		if (!have.has(y))
			emit({ id: reportId(agencyId, y), agencyId, year: y }, { message: `${y}年度报告缺失：未收到该单位的政府信息公开工作年度报告`, cells: [] });
	}
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Rule 13, own history: a year's applications far above the agency's other years. */
export function volumeJump(reports: ReportData[], emit: Emit) {
	const values = reports.map((r) => r.value(t3('new_received')));
	reports.forEach((r, i) => {
		const x = values[i];
		const history = values.filter((v, k): v is number => k !== i && v !== null);
		// Too little history, or too few applications, to call anything a jump.
		if (x === null || history.length < 2) return;
		const med = median(history);
		// A jump stands above the years on either side of it too; a level that stays up is not one.
		const neighbours = reports.map((o, k) => (Math.abs(o.year - r.year) === 1 ? values[k] : null)).filter((v): v is number => v !== null);
		const around = neighbours.length ? Math.max(...neighbours) : med;
		if (x >= Math.max(3 * med, med + 15) && x >= 2 * around) {
			emit(r, { message: `本年新收申请${x}件，是本单位其他年度中位数${med}件的${(x / Math.max(med, 1)).toFixed(1)}倍`, cells: [t3('new_received')] });
		}
	});
}

export type { Finding };
