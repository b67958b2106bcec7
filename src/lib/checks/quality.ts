/**
 * 质量评分: a report's score out of 100, in five dimensions, as data beside the rules. Each
 * dimension has a weight (its share of the 100) and the rules whose findings cost it points: each
 * finding that stands (open or confirmed — a dismissed or corrected one costs nothing) takes
 * `perFinding` of the dimension's points, by severity, down to zero. The dimensions:
 *
 * - 完整性 completeness: sections and tables present, no blank where a number belongs;
 * - 准确性 accuracy: the tables' own arithmetic;
 * - 一致性 consistency: carry-over and 现行有效 across years, narrative against the table, sources;
 * - 原创性 originality: copied or higher-level wording;
 * - 及时性 timeliness: published by the agency's deadline (report/season.ts; never late when the date is unknown).
 */
import type { RuleId } from './rules.js';
import type { Severity } from './types.js';

export const QUALITY_DIMENSIONS = ['completeness', 'accuracy', 'consistency', 'originality', 'timeliness'] as const;
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];

export interface DimensionDef {
	label: string;
	/** Points of 100. */
	weight: number;
	rules: readonly RuleId[];
	/** Share of the dimension's points one standing finding takes, by severity. */
	perFinding: Record<Severity, number>;
}

export const QUALITY: Record<QualityDimension, DimensionDef> = {
	completeness: { label: '完整性', weight: 25, rules: ['blank_required', 'missing_section'], perFinding: { error: 0.5, warning: 0.25, info: 0.1 } },
	accuracy: {
		label: '准确性',
		weight: 30,
		rules: ['t3_balance', 't3_outcome_sum', 't3_row_total', 't4_group_total'],
		perFinding: { error: 0.34, warning: 0.2, info: 0.1 }
	},
	consistency: {
		label: '一致性',
		weight: 20,
		rules: ['carry_over', 'in_force_continuity', 'text_table_mismatch', 'source_conflict', 'regulations_level'],
		perFinding: { error: 0.5, warning: 0.34, info: 0.1 }
	},
	originality: { label: '原创性', weight: 15, rules: ['similar_text', 'higher_level_text'], perFinding: { error: 1, warning: 0.5, info: 0.2 } },
	timeliness: { label: '及时性', weight: 10, rules: ['late_publication'], perFinding: { error: 1, warning: 1, info: 0.5 } }
};

export interface QualityScore {
	total: number;
	parts: { dimension: QualityDimension; label: string; weight: number; score: number; findings: number }[];
}

/** The score of one report from its standing findings (rule and severity of each). */
export function qualityScore(findings: { rule: string; severity: Severity }[]): QualityScore {
	const parts = QUALITY_DIMENSIONS.map((dimension) => {
		const def = QUALITY[dimension];
		const mine = findings.filter((f) => (def.rules as readonly string[]).includes(f.rule));
		const lost = Math.min(
			1,
			mine.reduce((s, f) => s + def.perFinding[f.severity], 0)
		);
		return { dimension, label: def.label, weight: def.weight, score: Math.round(def.weight * (1 - lost) * 10) / 10, findings: mine.length };
	});
	return { total: Math.round(parts.reduce((s, p) => s + p.score, 0) * 10) / 10, parts };
}
