/** How findings are shown and linked: the report page, scrolled to the first cell involved. */
export const SEVERITY_LABELS = { error: '错误', warning: '警告', info: '提示' } as const;

export function cellId(table: string, row: string, col: string): string {
	return `cell-${table}-${row}-${col}`.replace(/\./g, '_');
}

export function findingLink(f: { report_id: number; cells: string | null; rule: string }): string {
	const cells = f.cells ? (JSON.parse(f.cells) as { table: string; row: string; col: string }[]) : [];
	const first = cells[0];
	return `/reports/${f.report_id}?rule=${encodeURIComponent(f.rule)}${first ? `#${cellId(first.table, first.row, first.col)}` : ''}`;
}
