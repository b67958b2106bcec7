/**
 * The template's arithmetic (勾稽关系), written once, as data: every relation of
 * ../shared/spec/report-format.md ("Rules a supervisor checks", 1–4 within a report, 6–7 from a
 * year to the next) is a sum of cells that must equal another sum. The checks report the
 * relations that fail, the flattened-text reader chooses between readings of run-together digits
 * by them, and OCR keeps only the values they confirm: all three read this list and `evaluate`.
 */
import { APPLICANT_COLUMNS, REVIEW_GROUPS, applicationRowsOf, type ApplicantColumn, type ReviewGroup, type TemplateId } from './template.js';
import type { CellRef } from './metrics.js';

export type RelationKind =
	/** Rule 1: 第一项 + 第二项 = 第三项 + 第四项, per Table 3 column (printed in the table's corner). */
	| 'balance'
	/** Rule 2: the outcome rows add up to （七）总计, per Table 3 column. */
	| 'outcome_sum'
	/** Rule 3: the six applicant columns add up to 总计, per Table 3 row. */
	| 'row_total'
	/** Rule 4: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计, per Table 4 group. */
	| 'group_total'
	/** Rule 6: this year's 上年结转 = last year's 结转下年度继续办理 (总计 column). */
	| 'carry_over'
	/** Rule 7: last year's 现行有效 + 本年制发 = this year's 现行有效 + 本年废止 (2021 Table 2). */
	| 'in_force';

/** A cell in a relation; `previous` for a cell of the same agency's report of the year before. */
export interface Term extends CellRef {
	previous?: boolean;
}

export interface Relation {
	kind: RelationKind;
	/** What the relation is about within its kind: the column, row, group or item (`column:total`, `row:granted`, `group:review`). */
	about: string;
	/** The sum of `left` equals the sum of `right`. */
	left: Term[];
	right: Term[];
}

/** A relation with every value read: the two sums, whether they agree, each term's value (left, then right). */
export interface Evaluation {
	left: number;
	right: number;
	holds: boolean;
	values: number[];
}

const t3 = (row: string, col: string): Term => ({ table: 'applications', row, col });
const t4 = (row: string, col: string): Term => ({ table: 'reviews', row, col });

/** Table 3's six applicant columns, without 总计. */
export const APPLICANT_PARTS = APPLICANT_COLUMNS.filter((c) => c !== 'total') as Exclude<ApplicantColumn, 'total'>[];
/** The four results of a Table 4 group whose sum is its 总计. */
export const REVIEW_PARTS = ['upheld', 'corrected', 'other', 'pending'] as const;

/** The relations within one report of `template` (rules 1–4). */
export function reportRelations(template: TemplateId): Relation[] {
	const rows = applicationRowsOf(template);
	const outcomes = rows.filter((d) => d.group).map((d) => d.key);
	const out: Relation[] = [];
	for (const col of APPLICANT_COLUMNS)
		out.push({
			kind: 'balance',
			about: `column:${col}`,
			left: [t3('new_received', col), t3('carried_over', col)],
			right: [t3('total_processed', col), t3('carried_forward', col)]
		});
	for (const col of APPLICANT_COLUMNS)
		out.push({ kind: 'outcome_sum', about: `column:${col}`, left: outcomes.map((row) => t3(row, col)), right: [t3('total_processed', col)] });
	for (const d of rows) out.push({ kind: 'row_total', about: `row:${d.key}`, left: APPLICANT_PARTS.map((c) => t3(d.key, c)), right: [t3(d.key, 'total')] });
	for (const g of REVIEW_GROUPS) out.push(groupTotal(g));
	return out;
}

function groupTotal(g: ReviewGroup): Relation {
	return { kind: 'group_total', about: `group:${g}`, left: REVIEW_PARTS.map((m) => t4(g, m)), right: [t4(g, 'total')] };
}

/** The relations between a report and the same agency's report of the year before (rules 6–7). */
export function yearRelations(previous: TemplateId, template: TemplateId): Relation[] {
	const out: Relation[] = [
		{ kind: 'carry_over', about: 'column:total', left: [{ ...t3('carried_forward', 'total'), previous: true }], right: [t3('carried_over', 'total')] }
	];
	if (previous === '2021' && template === '2021') {
		for (const item of ['regulations', 'normative_documents']) {
			const p = (col: string): Term => ({ table: 'proactive', row: item, col });
			out.push({ kind: 'in_force', about: `item:${item}`, left: [{ ...p('in_force'), previous: true }, p('issued')], right: [p('in_force'), p('repealed')] });
		}
	}
	return out;
}

/** The relation's sums under `value`; null when a term has no value (a blank or unread cell decides nothing). */
export function evaluate(rel: Relation, value: (t: Term) => number | null): Evaluation | null {
	const values: number[] = [];
	for (const t of [...rel.left, ...rel.right]) {
		const v = value(t);
		if (v === null) return null;
		values.push(v);
	}
	const left = values.slice(0, rel.left.length).reduce((a, b) => a + b, 0);
	const right = values.slice(rel.left.length).reduce((a, b) => a + b, 0);
	return { left, right, holds: left === right, values };
}

/** `table.row.col` of a term (the year before's marked), a key for sets of cells. */
export function termKey(t: Term): string {
	return `${t.previous ? 'previous:' : ''}${t.table}.${t.row}.${t.col}`;
}
