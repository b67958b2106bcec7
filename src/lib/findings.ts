/** How findings are shown and linked: the report page, scrolled to the first cell involved. */
import type { CellRef } from './report/metrics.js';
import type { Severity } from './checks/types.js';
import { RULES } from './checks/rules.js';

export const SEVERITY_LABELS: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

/** A rule's Chinese title (its id when the rule is gone from RULES). */
export function ruleTitle(id: string): string {
	return RULES.find((r) => r.id === id)?.title ?? id;
}

export function cellId(table: string, row: string, col: string): string {
	return `cell-${table}-${row}-${col}`.replace(/\./g, '_');
}

export function findingLink(f: { report_id: number; cells: CellRef[]; rule: string }): string {
	const first = f.cells[0];
	return `/reports/${f.report_id}?rule=${encodeURIComponent(f.rule)}${first ? `#${cellId(first.table, first.row, first.col)}` : ''}`;
}
