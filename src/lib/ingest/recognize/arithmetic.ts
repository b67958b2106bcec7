/**
 * Values read by OCR are kept only as far as the tables' own arithmetic confirms them.
 *
 * Relations: those the checks apply (report/relations.ts): in Table 3 each row's 总计 is the sum
 * of the six applicant columns, and in each column 一 + 二 = （七） + 四 and （七） = the sum of
 * the outcome rows; in Table 4 each group's 总计 is the sum of its four results. A value is confirmed when a relation it belongs to holds
 * with all its values read. Every other value is set to null (its text stays in `raw`) and
 * said so: one that a failing relation contradicts (OCR's misreading, or the published table's
 * own error, which a person can tell from the scan), and one that no relation could check (a
 * cell beside it unread, a row shifted by a missed cell, or Table 2, which has no sums).
 */
import { evaluate, reportRelations, termKey } from '../../report/relations.js';
import type { Report, ReportWarning } from '../../report/schema.js';

export function checkByArithmetic(report: Report, warn: (w: ReportWarning) => void): void {
	const grid = (t: 'applications' | 'reviews' | 'proactive') => report[t] as Record<string, Record<string, number | null>>;
	const confirmed = new Set<string>();
	const failed = new Set<string>();
	for (const rel of reportRelations(report.template)) {
		const e = evaluate(rel, (t) => grid(t.table)[t.row]?.[t.col] ?? null);
		if (e) for (const t of [...rel.left, ...rel.right]) (e.holds ? confirmed : failed).add(termKey(t));
	}
	let kept = 0;
	let contradicted = 0;
	let unchecked = 0;
	for (const table of ['applications', 'reviews'] as const) {
		for (const [row, cols] of Object.entries(grid(table))) {
			const dropped: string[] = [];
			for (const [col, v] of Object.entries(cols)) {
				if (v === null) continue;
				const k = `${table}.${row}.${col}`;
				if (confirmed.has(k)) {
					kept++;
					continue;
				}
				cols[col] = null;
				dropped.push(col);
				if (failed.has(k)) contradicted++;
				else unchecked++;
			}
			if (dropped.length) {
				warn({
					code: 'ocr_unconfirmed',
					message: `扫描件识别的数值未经表内勾稽关系确认（${dropped.length} 个单元格：识别可能有误，或同行、同列有未识别的单元格），数值留空，识别文字见原文`,
					where: `${table}.${row}`
				});
			}
		}
	}
	let proactive = 0;
	for (const cols of Object.values(grid('proactive'))) {
		for (const [col, v] of Object.entries(cols)) {
			if (v === null) continue;
			cols[col] = null;
			proactive++;
		}
	}
	if (proactive) {
		warn({ code: 'ocr_unconfirmed', message: `表二没有可校验识别结果的勾稽关系：${proactive} 个识别的数值留空，识别文字见原文`, where: 'proactive' });
	}
	warn({
		code: 'ocr',
		message: `本报告为扫描件，文字经 OCR 识别，数值只保留表内勾稽关系确认的：保留 ${kept} 个；留空 ${contradicted} 个（勾稽不符）、${unchecked + proactive} 个（无法校验）`,
		where: 'file'
	});
}
