/**
 * 问题清单: one row per finding of a region and year — agency, rule, message, the cells it cites,
 * its state, the reviewer's note, the agency's reply, a link back to the report — as a workbook a
 * supervisor forwards as it is (widths, a bold frozen header, Chinese sheet names). Pure: rows in,
 * bytes out.
 */
import { writeXlsx } from '../../export/xlsx.js';
import { fitWidths } from '../../export/xlsx.js';
import { ruleDef } from '../../checks/rules.js';
import { beijingTime } from '../../format.js';
import { cellLabel } from '../../report/template.js';
import { SEVERITY_LABELS, findingLink } from '../../findings.js';
import { STATE_LABELS } from '../../review.js';
import type { FindingRow } from '../queries/findings.js';
import type { HistoryRow } from '../workbench/reviews.js';
import type { RosterCounts, RosterEntry } from '../queries/roster.js';
import { LEVEL_LABELS } from '../../report/agencies.js';
import { timeliness } from '../../report/season.js';

export const ROSTER_HEADER = ['序号', '单位', '级别', '报送期限', '发布日期', '状态', '报告链接'];

/** The year's roster as the workbook gives it: who owes, what came and when (应报 = 已收 + 缺报). */
export interface RosterSheet {
	counts: RosterCounts;
	entries: RosterEntry[];
}

/** The roster's figures in one sentence (the 说明 sheet and the 通报 say the same). */
export const rosterSentence = (c: RosterCounts) =>
	`应报${c.owed}家，已收到${c.received}份（其中逾期${c.late}份），缺报${c.missing}家${c.pending ? `，未到期${c.pending}家` : ''}`;

export const PROBLEMS_HEADER = ['序号', '单位', '年度', '问题类型', '程度', '问题说明', '涉及单元格', '核实状态', '核实说明', '单位说明', '报告链接'];

export function problemsWorkbook(findings: FindingRow[], history: HistoryRow[], origin: string, title: string, roster: RosterSheet): Uint8Array {
	const replies = new Map<string, string[]>();
	for (const h of history) if (h.kind === 'reply' && h.text) replies.set(h.finding_id, [...(replies.get(h.finding_id) ?? []), `${h.at} ${h.text}`]);
	const rows = findings.map((f, i) => [
		i + 1,
		f.agency,
		f.year,
		ruleDef(f.rule).title,
		SEVERITY_LABELS[f.severity],
		f.message,
		f.cells.map(cellLabel).join('；'),
		STATE_LABELS[f.state],
		f.note,
		(replies.get(f.id) ?? []).join('\n'),
		f.has_report ? origin + findingLink(f) : ''
	]);
	const all = [PROBLEMS_HEADER, ...rows];
	const byRule = new Map<string, number>();
	for (const f of findings) byRule.set(ruleDef(f.rule).title, (byRule.get(ruleDef(f.rule).title) ?? 0) + 1);
	const summary = [['问题类型', '条数'], ...[...byRule].sort((a, b) => b[1] - a[1])];
	const owed = [
		ROSTER_HEADER,
		...roster.entries.map((e, i) => [
			i + 1,
			e.name,
			LEVEL_LABELS[e.level],
			e.due,
			e.published ?? '',
			timeliness(e).label,
			e.report_id === null ? '' : `${origin}/reports/${e.report_id}`
		])
	];
	return writeXlsx([
		{ name: '问题清单', rows: all, widths: fitWidths(all, 50), header: true },
		{ name: '按类型汇总', rows: summary, widths: fitWidths(summary), header: true },
		{ name: '报送情况', rows: owed, widths: fitWidths(owed, 50), header: true },
		{
			name: '说明',
			rows: [
				[title],
				['导出时间（北京时间）', beijingTime(new Date())],
				['包含', '该地区、该年度的全部问题（含已核实为误报、已整改的）'],
				['报送情况', rosterSentence(roster.counts)]
			],
			widths: [20, 60]
		}
	]);
}
