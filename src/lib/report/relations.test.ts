/** The template's relations as data: which cells each sums, and the evaluator the checks, the flattened reader and OCR share. */
import { describe, expect, it } from 'vitest';
import { evaluate, reportRelations, termKey, yearRelations, type Term } from './relations.js';

describe('the template relations', () => {
	it('are the rules of report-format.md, per column, row and group, for the rows of the template', () => {
		const rels = reportRelations('2021');
		const count = (kind: string) => rels.filter((r) => r.kind === kind).length;
		expect([count('balance'), count('outcome_sum'), count('row_total'), count('group_total')]).toEqual([7, 7, 25, 3]);
		// The 2019 template has one （六） row: its sums leave the 2021 sub-rows out.
		const outcomes2019 = reportRelations('2019').find((r) => r.kind === 'outcome_sum')!;
		expect(outcomes2019.left.map((t) => t.row)).not.toContain('other.no_correction');
		expect(outcomes2019.left).toHaveLength(19);
		const review = rels.find((r) => r.about === 'group:review')!;
		expect([review.left.map((t) => t.col), review.right.map((t) => t.col)]).toEqual([['upheld', 'corrected', 'other', 'pending'], ['total']]);
		expect(yearRelations('2019', '2021').map((r) => r.kind)).toEqual(['carry_over']);
		expect(yearRelations('2021', '2021').map((r) => r.about)).toEqual(['column:total', 'item:regulations', 'item:normative_documents']);
	});

	it('evaluate: both sums and each value when every cell has one; null when any is blank', () => {
		const balance = reportRelations('2021').find((r) => r.kind === 'balance' && r.about === 'column:total')!;
		const cells: Record<string, number | null> = {
			'applications.new_received.total': 70,
			'applications.carried_over.total': 0,
			'applications.total_processed.total': 69,
			'applications.carried_forward.total': 1
		};
		const value = (t: Term) => cells[termKey(t)] ?? null;
		expect(evaluate(balance, value)).toEqual({ left: 70, right: 70, holds: true, values: [70, 0, 69, 1] });
		cells['applications.carried_forward.total'] = 2;
		expect(evaluate(balance, value)?.holds).toBe(false);
		cells['applications.carried_over.total'] = null;
		expect(evaluate(balance, value)).toBeNull();
		const inForce = yearRelations('2021', '2021')[1];
		expect(inForce.left.map(termKey)).toEqual(['previous:proactive.regulations.in_force', 'proactive.regulations.issued']);
	});
});
