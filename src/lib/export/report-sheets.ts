/**
 * A report's 导出 Excel: Tables 2–4 and the findings, a sheet each, every row named as the
 * template prints it (report/printed.ts) — Table 3's rows with their group (三、本年度办理结果
 * （三）不予公开) beside the item — with a bold header row that stays while the rest scrolls,
 * and columns as wide as their text (a label longer than the widest column wraps, never cut).
 */
import { APPLICANT_COLUMN_DEFS, REVIEW_GROUPS, REVIEW_GROUP_LABELS, REVIEW_MEASURES, REVIEW_MEASURE_LABELS, type TemplateId } from '../report/template.js';
import { applicationRows, proactiveBlocks } from '../report/printed.js';
import { fitWidths, type Sheet } from './xlsx.js';

export interface ReportCell {
	table_key: string;
	row_key: string;
	col_key: string;
	value: number | null;
	raw: string | null;
}

/** A finding as the sheet lists it: its severity and rule already in words. */
export interface FindingLine {
	severity: string;
	rule: string;
	message: string;
}

/** The widest a column grows (characters): a longer text wraps within it. */
const MAX_WIDTH = 50;

const sheet = (name: string, rows: Sheet['rows']): Sheet => ({ name, rows, widths: fitWidths(rows, MAX_WIDTH), header: true });

export function reportSheets(template: TemplateId, cells: readonly ReportCell[], findings: readonly FindingLine[]): Sheet[] {
	const byKey = new Map(cells.map((c) => [`${c.table_key}.${c.row_key}.${c.col_key}`, c]));
	const value = (t: string, r: string, c: string) => byKey.get(`${t}.${r}.${c}`)?.value ?? null;
	const raw = (t: string, r: string, c: string) => byKey.get(`${t}.${r}.${c}`)?.raw ?? null;
	return [
		sheet('表二 主动公开', [
			['条款', '信息内容', '指标', '数值', '原文'],
			...proactiveBlocks(template).flatMap((b) =>
				b.items.flatMap((i) => b.measures.map((m) => [b.article, i.label, m.label, value('proactive', i.key, m.key), raw('proactive', i.key, m.key)]))
			)
		]),
		sheet('表三 申请办理', [
			['类别', '项目', ...APPLICANT_COLUMN_DEFS.map((c) => c.label)],
			...applicationRows(template).map((r) => [
				r.path.slice(0, -1).join(' '),
				r.path[r.path.length - 1],
				...APPLICANT_COLUMN_DEFS.map((c) => value('applications', r.def.key, c.key))
			])
		]),
		sheet('表四 复议诉讼', [
			['', ...REVIEW_MEASURES.map((x) => REVIEW_MEASURE_LABELS[x])],
			...REVIEW_GROUPS.map((g) => [REVIEW_GROUP_LABELS[g], ...REVIEW_MEASURES.map((x) => value('reviews', g, x))])
		]),
		sheet('发现的问题', [['程度', '规则', '说明'], ...findings.map((f) => [f.severity, f.rule, f.message])])
	];
}
