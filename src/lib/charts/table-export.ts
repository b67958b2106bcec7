/**
 * 导出 CSV for a data table: the table exactly as drawn (its header and cells' text), UTF-8 with
 * BOM; the table also joins the page's 导出全部 while it has rows. A Svelte action: <table use:exportable={…}>.
 */
import { csvOf, download } from './export.js';
import type { ExportRegistry } from './exports.svelte.js';

export function tableData(table: HTMLTableElement) {
	const rows = [...table.rows].map((r) => [...r.cells].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()));
	const [columns = [], ...body] = rows;
	return { columns, rows: body };
}

/** No rows to export: no body row, or only a row of one cell across the table (its 「没有…」 line). */
export function hasNoRows(table: HTMLTableElement): boolean {
	const body = [...table.tBodies].flatMap((b) => [...b.rows]);
	return body.length === 0 || (body.length === 1 && body[0].cells.length === 1 && body[0].cells[0].colSpan > 1);
}

export function exportable(table: HTMLTableElement, opts: { filename: string; registry?: ExportRegistry }) {
	const button = document.createElement('button');
	button.type = 'button';
	button.className = 'table-export';
	button.textContent = '导出 CSV';
	const csv = () => csvOf(tableData(table));
	button.onclick = () => download(`${opts.filename}.csv`, csv(), 'text/csv;charset=utf-8');
	table.before(button);
	// In 导出全部 only while it has rows (new filters may empty it, or fill it again).
	let off: (() => void) | undefined;
	const leave = () => {
		off?.();
		off = undefined;
	};
	const sync = () => {
		const empty = hasNoRows(table);
		if (empty) leave();
		else if (!off) off = opts.registry?.add({ filename: opts.filename, csv });
	};
	sync();
	const observer = new MutationObserver(sync);
	observer.observe(table, { childList: true, subtree: true });
	return {
		update(next: { filename: string; registry?: ExportRegistry }) {
			leave();
			opts = next;
			sync();
		},
		destroy() {
			observer.disconnect();
			off?.();
			button.remove();
		}
	};
}
