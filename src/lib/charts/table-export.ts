/**
 * 导出 CSV for a data table: the table exactly as drawn (its header and cells' text), UTF-8 with
 * BOM; the table also joins the page's 导出全部. A Svelte action: <table use:exportable={…}>.
 */
import { csvOf, download } from './export.js';
import type { ExportRegistry } from './exports.svelte.js';

export function tableData(table: HTMLTableElement) {
	const rows = [...table.rows].map((r) => [...r.cells].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()));
	const [columns = [], ...body] = rows;
	return { columns, rows: body };
}

export function exportable(table: HTMLTableElement, opts: { filename: string; registry?: ExportRegistry }) {
	const button = document.createElement('button');
	button.type = 'button';
	button.className = 'table-export';
	button.textContent = '导出 CSV';
	const csv = () => csvOf(tableData(table));
	button.onclick = () => download(`${opts.filename}.csv`, csv(), 'text/csv;charset=utf-8');
	table.before(button);
	let off = opts.registry?.add({ filename: opts.filename, csv });
	return {
		update(next: { filename: string; registry?: ExportRegistry }) {
			off?.();
			opts = next;
			off = next.registry?.add({ filename: next.filename, csv });
		},
		destroy() {
			off?.();
			button.remove();
		}
	};
}
