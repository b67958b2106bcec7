/**
 * Every rule a supervisor applies, in one list: a stable id (findings keep it, so a filter or a
 * future "dismiss" stays attached), a Chinese title, a severity, a scope and its check. Adding a
 * rule is adding an entry here.
 */
import {
	blankRequired,
	correctedDecision,
	higherLevelText,
	latePublication,
	missingSection,
	regulationsLevel,
	t3Balance,
	t3OutcomeSum,
	t3RowTotal,
	t4GroupTotal,
	textTableMismatch
} from './report-rules.js';
import { carryOver, inForceContinuity, missingReports, volumeJump } from './agency-rules.js';
import { copiedAcross, rateOutliers, sourceConflict, type Described, type Disagreement, type OwnedDraft, type PeerRate } from './corpus-rules.js';
import type { Draft, ReportData, Severity } from './types.js';
import type { CellRef } from '../report/metrics.js';

type Emit = (r: ReportData | { id: number; agencyId: number; year: number }, d: { message: string; cells: CellRef[] }) => void;

interface Base {
	id: string;
	title: string;
	severity: Severity;
	/** The rule of shared/spec/report-format.md ("Rules a supervisor checks") it implements. */
	spec: number;
}
/**
 * What a rule reads, which is what the build recomputes it over when something changes:
 * - `report`: one report;
 * - `agency`: an agency's years;
 * - `copies`: a pair of reports of one year whose texts share an LSH bucket (a changed report's candidate pairs);
 * - `peers`: the reports of one level and year, for one rate (a changed report's whole group, whose median may move);
 * - `sources`: two files of one report (settled when the report gets a file).
 */
export type RuleDef =
	| (Base & { scope: 'report'; check: (r: ReportData) => Draft[] })
	| (Base & { scope: 'agency'; check: (reports: ReportData[], emit: Emit, ctx: { agencyId: number; years: [number, number]; fromFirstYear: boolean }) => void })
	| (Base & { scope: 'copies'; check: (a: Described, b: Described, likeness: number) => OwnedDraft[] })
	| (Base & { scope: 'peers'; check: (group: PeerRate[]) => OwnedDraft[] })
	| (Base & {
			scope: 'sources';
			check: (primary: { name: string }, other: { name: string; path: string }, diffs: Disagreement[]) => (Draft & { subject: string })[];
	  });
export type RuleScope = RuleDef['scope'];

export const RULES = [
	{ id: 't3_balance', spec: 1, title: '表三新收与上年结转之和不等于办理结果与结转下年度之和', severity: 'error', scope: 'report', check: t3Balance },
	{ id: 't3_outcome_sum', spec: 2, title: '表三各项办理结果之和与（七）总计不符', severity: 'error', scope: 'report', check: t3OutcomeSum },
	{ id: 't3_row_total', spec: 3, title: '表三总计列与六类申请人之和不符', severity: 'error', scope: 'report', check: t3RowTotal },
	{ id: 't4_group_total', spec: 4, title: '表四各组总计与四种结果之和不符', severity: 'error', scope: 'report', check: t4GroupTotal },
	{ id: 'blank_required', spec: 5, title: '应填数字的单元格为空', severity: 'warning', scope: 'report', check: blankRequired },
	{ id: 'carry_over', spec: 6, title: '上年结转与上年报告的结转下年度不一致', severity: 'error', scope: 'agency', check: (rs, emit) => carryOver(rs, emit) },
	{
		id: 'in_force_continuity',
		spec: 7,
		title: '现行有效件数与上年不衔接',
		severity: 'warning',
		scope: 'agency',
		check: (rs, emit) => inForceContinuity(rs, emit)
	},
	{
		id: 'missing_report',
		spec: 8,
		title: '年度报告缺失',
		severity: 'error',
		scope: 'agency',
		check: (rs, emit, ctx) => missingReports(ctx.agencyId, rs, ctx.years, ctx.fromFirstYear, emit)
	},
	// Within an agency, this year's words against last year's are read with its years (run.ts checkAgency).
	{ id: 'similar_text', spec: 9, title: '内容雷同', severity: 'warning', scope: 'copies', check: copiedAcross },
	{ id: 'regulations_level', spec: 10, title: '无权制定规章的单位报告了规章', severity: 'error', scope: 'report', check: regulationsLevel },
	{ id: 'higher_level_text', spec: 11, title: '照抄上级模板用语', severity: 'warning', scope: 'report', check: higherLevelText },
	{ id: 'text_table_mismatch', spec: 12, title: '正文数字与表格不符', severity: 'warning', scope: 'report', check: textTableMismatch },
	{ id: 'volume_jump', spec: 13, title: '申请量较本单位往年激增', severity: 'warning', scope: 'agency', check: (rs, emit) => volumeJump(rs, emit) },
	{ id: 'rate_outlier', spec: 13, title: '办理结果比例明显偏离同级单位', severity: 'info', scope: 'peers', check: rateOutliers },
	{ id: 'corrected_decision', spec: 13, title: '复议或诉讼结果纠正', severity: 'warning', scope: 'report', check: correctedDecision },
	{ id: 'source_conflict', spec: 0, title: '同一报告的不同来源数值不一致', severity: 'warning', scope: 'sources', check: sourceConflict },
	{ id: 'missing_section', spec: 0, title: '缺少报告的章节或表格', severity: 'warning', scope: 'report', check: missingSection },
	{ id: 'late_publication', spec: 0, title: '年度报告未按时发布（晚于规定期限）', severity: 'warning', scope: 'report', check: latePublication }
] as const satisfies readonly RuleDef[];

export type RuleId = (typeof RULES)[number]['id'];
export const RULE_IDS = RULES.map((r) => r.id) as [RuleId, ...RuleId[]];

/** The rules of one scope, as their definitions. */
export function rulesOf<S extends RuleScope>(scope: S): Extract<RuleDef, { scope: S }>[] {
	return (RULES as readonly RuleDef[]).filter((r): r is Extract<RuleDef, { scope: S }> => r.scope === scope);
}

export function ruleDef(id: string): RuleDef {
	const r = (RULES as readonly RuleDef[]).find((x) => x.id === id);
	if (!r) throw new Error(`unknown rule ${id}`);
	return r;
}
