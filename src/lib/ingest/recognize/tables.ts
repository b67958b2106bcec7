/**
 * Tables 2, 3 and 4, found by their labels in the row sequence:
 * Table 3 runs from the row 本年新收 to the row 结转下年度; Table 2 stands before it and
 * Table 4 after it. A row's label is matched against the template's variants; its values are
 * the cells after its last label cell, in the template's column order (the header is checked).
 */
import {
	APPLICANT_COLUMN_DEFS,
	APPLICANT_COLUMNS,
	APPLICATION_ROW_DEFS,
	APPLICATIONS_HEADER_VARIANTS,
	OUTCOME_GROUP_LABELS,
	OUTCOME_GROUPS,
	PROACTIVE_ITEMS,
	REVIEW_GROUPS,
	REVIEW_MEASURES,
	REVIEWS_HEADER_VARIANTS,
	TEMPLATE_MARKERS,
	applicationRowDef,
	applicationRowsOf,
	type ApplicationRow,
	type ApplicationRowDef,
	type OutcomeGroup,
	type TemplateId
} from '../../report/template.js';
import type { ReportWarning } from '../../report/schema.js';
import { escapeRegExp, matchesLabel, remembered, squash } from '../labels.js';
import { looksLikeValue, readValue } from '../values.js';
import { matchRow, readRow, valuesAfter, type Item } from './rows.js';

export type Grid = Record<string, Record<string, number | null>>;
export type RawGrid = Record<string, Record<string, string | null>>;

export interface TableResult {
	values: Grid;
	raw: RawGrid;
	/** [first, last] item indices of the table, when found. */
	span?: [number, number];
}

function emptyGrid<T>(rows: readonly string[], cols: readonly string[], v: T): Record<string, Record<string, T>> {
	const grid: Record<string, Record<string, T>> = {};
	for (const r of rows) {
		const row: Record<string, T> = {};
		for (const c of cols) row[c] = v;
		grid[r] = row;
	}
	return grid;
}

const NO_AMOUNTS: ReadonlySet<string> = new Set();

/** Fills one row of a grid from cell texts, warning on any text that is not a number. */
function fill(
	out: TableResult,
	row: string,
	cols: readonly string[],
	texts: (string | null)[],
	where: string,
	warn: (w: ReportWarning) => void,
	amountCols: ReadonlySet<string> = NO_AMOUNTS
) {
	cols.forEach((col, i) => {
		const raw = texts[i] ?? null;
		out.raw[row][col] = raw;
		const v = readValue(raw, { amount: amountCols.has(col) });
		out.values[row][col] = v.value;
		if (v.problem) warn({ code: 'value_unreadable', message: `无法读取数值：${v.problem}`, where: `${where}.${row}.${col}` });
	});
}

/**
 * Fits a row's value cells to the expected count. Surplus blank cells at the end (HTML
 * padding) are dropped; otherwise a row with too few or too many cells cannot be aligned.
 */
function fit(values: string[], n: number): string[] | null {
	const v = values.slice();
	while (v.length > n && v[v.length - 1].trim() === '') v.pop();
	// The rest of a label that wrapped into a cell of its own (已获取信息) before the values.
	while (v.length > n && !looksLikeValue(v[0])) v.shift();
	return v.length === n ? v : null;
}

// -------------------------------------------------------------------------------------------
// Template

/** Any of a template's markers, as one pattern: every paragraph and label is tried. */
const MARKER_PATTERNS = {
	'2019': new RegExp(TEMPLATE_MARKERS['2019'].map(escapeRegExp).join('|')),
	'2021': new RegExp(TEMPLATE_MARKERS['2021'].map(escapeRegExp).join('|'))
};

export function detectTemplate(items: Item[], year: number | null): TemplateId {
	// Markers are header labels and the template's document number; labels are read once.
	const hits = { '2019': 0, '2021': 0 };
	const count = (t: string) => {
		if (MARKER_PATTERNS['2019'].test(t)) hits['2019']++;
		if (MARKER_PATTERNS['2021'].test(t)) hits['2021']++;
	};
	for (const it of items) {
		if (it.kind === 'row') for (const l of readRow(it).labels) count(l.text);
		else count(it.text);
	}
	if (hits['2021'] !== hits['2019']) return hits['2021'] > hits['2019'] ? '2021' : '2019';
	return year !== null && year < 2021 ? '2019' : '2021';
}

// -------------------------------------------------------------------------------------------
// Table 3

/** The outcome group a label heads (（三）不予公开, 不予公开1.属于国家秘密 …), if any. */
function groupHeadingOf(label: string): OutcomeGroup | null {
	return OUTCOME_GROUPS.find((g) => label.startsWith(OUTCOME_GROUP_LABELS[g])) ?? null;
}

/** Labels repeat from report to report (one template): the row each names is worked out once. */
const applicationRowNamed = remembered((key) => {
	const cut = key.indexOf('\u0000'); // the group never holds it; the label might
	return scanApplicationRows(key.slice(cut + 1), (key.slice(0, cut) || null) as OutcomeGroup | null);
});
const applicationRowOf = (label: string, group: OutcomeGroup | null) => applicationRowNamed(`${group ?? ''}\u0000${label}`);

function scanApplicationRows(label: string, group: OutcomeGroup | null): ApplicationRowDef | null {
	for (const def of APPLICATION_ROW_DEFS) {
		if (def.variants.some((v) => label.includes(v))) return def;
		// 其他 alone names the row 3.其他 only under （六）其他处理.
		if (def.exact?.includes(label) && (label !== '其他' || def.group === group)) return def;
	}
	return null;
}

/**
 * Table 3. With `byOrder` (text recognized from a scan, where a label can be misread), a row of
 * values whose label names no row takes the one row of the template that the rows around it
 * leave out — only when exactly one is left out, and it is the only such row between them.
 */
export function readApplications(items: Item[], template: TemplateId, warn: (w: ReportWarning) => void, { byOrder = false } = {}): TableResult {
	const out: TableResult = {
		values: emptyGrid(
			APPLICATION_ROW_DEFS.map((r) => r.key),
			APPLICANT_COLUMNS,
			null
		),
		raw: emptyGrid(
			APPLICATION_ROW_DEFS.map((r) => r.key),
			APPLICANT_COLUMNS,
			null
		)
	};
	const newReceived = applicationRowDef('new_received');
	const start = items.findIndex((it) => it.kind === 'row' && !!matchRow(readRow(it), (l) => matchesLabel(l, newReceived)));
	if (start < 0) {
		warn({ code: 'table_missing', message: '未找到表三（收到和处理政府信息公开申请情况）', where: 'applications' });
		return out;
	}
	checkApplicationsHeader(items, start, warn);

	const found = new Set<ApplicationRow>();
	let group: OutcomeGroup | null = null;
	let end = start;
	let previous: ApplicationRowDef | null = null;
	const matched: { i: number; key: ApplicationRow }[] = [];
	const unnamed: { i: number; cells: string[] }[] = [];
	for (let i = start; i < items.length; i++) {
		const it = items[i];
		if (it.kind !== 'row') continue;
		if (isReviewsHeader(it)) break; // 结转下年度 was missing: Table 4 begins
		const r = readRow(it);
		for (const l of r.labels) group = groupHeadingOf(l.text) ?? group;
		// Right after a row of （六）, a bare 其他 is its 3.其他 even if the group's heading was lost.
		const context: OutcomeGroup | null = previous?.group === 'other' ? 'other' : group;
		const match: { def: ApplicationRowDef; at: number } | null = matchRow(r, (l) => applicationRowOf(l, context));
		if (!match) {
			const cells = fit(valuesAfter(r, r.labels.at(-1)?.at ?? -1), APPLICANT_COLUMNS.length);
			if (byOrder && cells?.some((c) => looksLikeValue(c))) unnamed.push({ i, cells });
			continue;
		}
		matched.push({ i, key: match.def.key });
		const def: ApplicationRowDef = match.def;
		const values = valuesAfter(r, match.at);
		// A group heading on a row of its own (（六）其他处理 above its three rows) carries no values.
		if (def.key === 'other.other' && values.every((v) => v.trim() === '') && values.length < APPLICANT_COLUMNS.length) continue;
		end = i;
		previous = def;
		if (found.has(def.key)) {
			warn({ code: 'row_duplicate', message: `表三「${def.label}」出现多次，只取第一次`, where: `applications.${def.key}` });
			continue;
		}
		found.add(def.key);
		if (!def.templates.includes(template)) {
			warn({ code: 'row_not_in_template', message: `表三「${def.label}」不属于${template}年版模板`, where: `applications.${def.key}` });
		}
		const cells = fit(values, APPLICANT_COLUMNS.length);
		if (!cells) {
			warn({
				code: 'row_misaligned',
				message: `表三「${def.label}」有${values.length}个数值单元格，应为${APPLICANT_COLUMNS.length}个：无法确定各列，数值留空`,
				where: `applications.${def.key}`
			});
			APPLICANT_COLUMNS.forEach((c) => (out.raw[def.key][c] = values.join(' ') || null));
			continue;
		}
		fill(out, def.key, APPLICANT_COLUMNS, cells, 'applications', warn);
		if (def.key === 'carried_forward') break;
	}
	out.span = [start, end];
	for (const { key, cells } of namedByOrder(unnamed, matched, found, template)) {
		found.add(key);
		fill(out, key, APPLICANT_COLUMNS, cells, 'applications', warn);
		warn({ code: 'row_by_order', message: `表三一行的标签无法识别，按模板的行序认作「${applicationRowDef(key).label}」`, where: `applications.${key}` });
	}
	for (const def of APPLICATION_ROW_DEFS) {
		if (!found.has(def.key) && def.templates.includes(template)) {
			warn({ code: 'row_missing', message: `表三缺少「${def.label}」行`, where: `applications.${def.key}` });
		}
	}
	return out;
}

/**
 * Rows of values without a readable label, named by the template rows their neighbours leave
 * out: between two rows that are named, as many unnamed rows as rows left out, in order.
 */
function namedByOrder(
	unnamed: { i: number; cells: string[] }[],
	matched: { i: number; key: ApplicationRow }[],
	found: Set<ApplicationRow>,
	template: TemplateId
): { key: ApplicationRow; cells: string[] }[] {
	const order = applicationRowsOf(template).map((d) => d.key);
	const out: { key: ApplicationRow; cells: string[] }[] = [];
	for (let m = 0; m + 1 < matched.length; m++) {
		const [before, after] = [matched[m], matched[m + 1]];
		const rows = unnamed.filter((u) => u.i > before.i && u.i < after.i);
		const [from, to] = [order.indexOf(before.key), order.indexOf(after.key)];
		if (!rows.length || from < 0 || to <= from) continue;
		const left = order.slice(from + 1, to).filter((k) => !found.has(k));
		if (left.length === rows.length) rows.forEach((u, k) => out.push({ key: left[k], cells: u.cells }));
	}
	return out;
}

/** The rows just above 本年新收 must name the applicant columns, or the order is a guess. */
function checkApplicationsHeader(items: Item[], start: number, warn: (w: ReportWarning) => void) {
	const header = squash(
		items
			.slice(Math.max(0, start - 8), start)
			.map((it) => (it.kind === 'row' ? it.cells.map((c) => c.text).join('') : it.text))
			.join('')
	);
	const missing = APPLICANT_COLUMN_DEFS.filter((c) => c.key !== 'other_org' && !c.variants.some((v) => header.includes(v)));
	const named = APPLICATIONS_HEADER_VARIANTS.some((v) => header.includes(v));
	if (missing.length) {
		warn({
			code: 'header_unrecognized',
			message: `表三表头未找到${missing.map((c) => `「${c.short}」`).join('')}列${named ? '' : '（也无「申请人情况」）'}，按模板列顺序读取`,
			where: 'applications'
		});
	}
}

// -------------------------------------------------------------------------------------------
// Table 4

export function isReviewsHeader(it: Item): boolean {
	return it.kind === 'row' && readRow(it).labels.some((l) => REVIEWS_HEADER_VARIANTS.some((v) => l.text.includes(v)));
}

export function readReviews(items: Item[], from: number, warn: (w: ReportWarning) => void): TableResult {
	const out: TableResult = {
		values: emptyGrid(REVIEW_GROUPS, REVIEW_MEASURES, null),
		raw: emptyGrid(REVIEW_GROUPS, REVIEW_MEASURES, null)
	};
	const header = items.findIndex((it, i) => i >= from && isReviewsHeader(it));
	if (header < 0) {
		warn({ code: 'table_missing', message: '未找到表四（政府信息公开行政复议、行政诉讼情况）', where: 'reviews' });
		return out;
	}
	// The values follow the header rows: rows of value cells only, 15 in all (one row, or more).
	const cells: string[] = [];
	let last = header;
	for (let i = header + 1; i < items.length && cells.length < 15; i++) {
		const it = items[i];
		if (it.kind === 'paragraph') {
			if (cells.length) break;
			continue;
		}
		// A row of values is mostly values (a header row mostly labels); it may begin with a
		// label cell such as 数量, which is skipped.
		const r = readRow(it);
		if (r.labels.length * 2 >= r.cells.length) {
			if (cells.length) break;
			continue;
		}
		let lead = 0;
		while (lead < r.labels.length && r.labels[lead].at === lead) lead++;
		cells.push(...valuesAfter(r, lead - 1));
		last = i;
	}
	out.span = [header, last];
	const width = REVIEW_GROUPS.length * REVIEW_MEASURES.length;
	const fitted = fit(cells, width);
	if (!fitted) {
		warn({
			code: cells.length ? 'row_misaligned' : 'table_missing',
			message: cells.length ? `表四有${cells.length}个数值单元格，应为${width}个：无法确定各列，数值留空` : '表四没有数值行',
			where: 'reviews'
		});
		return out;
	}
	REVIEW_GROUPS.forEach((g, gi) => {
		fill(out, g, REVIEW_MEASURES, fitted.slice(gi * 5, gi * 5 + 5), 'reviews', warn);
	});
	return out;
}

// -------------------------------------------------------------------------------------------
// Table 2

export function readProactive(items: Item[], until: number, template: TemplateId, warn: (w: ReportWarning) => void): TableResult {
	const defs = PROACTIVE_ITEMS[template];
	const out: TableResult = { values: {}, raw: {} };
	for (const item of defs) {
		out.values[item.key] = Object.fromEntries(item.measures.map((m) => [m.key, null]));
		out.raw[item.key] = Object.fromEntries(item.measures.map((m) => [m.key, null]));
	}
	const found = new Set<string>();
	let first = -1;
	let last = -1;
	for (let i = 0; i < until; i++) {
		const it = items[i];
		if (it.kind !== 'row') continue;
		const r = readRow(it);
		const match = matchRow(r, (l) => defs.find((d) => matchesLabel(l, d)));
		if (!match || found.has(match.def.key)) continue;
		const item = match.def;
		const values = valuesAfter(r, match.at);
		found.add(item.key);
		if (first < 0) first = i;
		last = i;
		const measures = item.measures.map((m) => m.key);
		const cells = fit(values, measures.length);
		if (!cells) {
			warn({
				code: 'row_misaligned',
				message: `表二「${item.label}」有${values.length}个数值单元格，应为${measures.length}个：数值留空`,
				where: `proactive.${item.key}`
			});
			continue;
		}
		const amounts = new Set(item.measures.filter((m) => m.amount).map((m) => m.key));
		fill(out, item.key, measures, cells, 'proactive', warn, amounts);
	}
	if (!found.size) {
		warn({ code: 'table_missing', message: '未找到表二（主动公开政府信息情况）', where: 'proactive' });
		return out;
	}
	out.span = [first, last];
	for (const item of defs) {
		if (!found.has(item.key)) warn({ code: 'row_missing', message: `表二缺少「${item.label}」行`, where: `proactive.${item.key}` });
	}
	return out;
}
