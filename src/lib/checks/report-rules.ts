/**
 * Rules that read one report: the table's own arithmetic (勾稽关系), blanks, and what a report
 * of its level cannot plausibly contain.
 */
import { chineseDate, daysLate, dueDate } from '../report/season.js';
import {
	APPLICANT_COLUMN_DEFS,
	APPLICANT_COLUMNS,
	PROACTIVE_ITEMS,
	SECTIONS,
	REVIEW_GROUPS,
	REVIEW_GROUP_LABELS,
	REVIEW_MEASURES,
	REVIEW_MEASURE_LABELS,
	applicationRowDef,
	applicationRowsOf,
	type ApplicationRow,
	type ReviewGroup,
	type ReviewMeasure
} from '../report/template.js';
import { evaluate, reportRelations, type Evaluation, type Relation, type RelationKind, type Term } from '../report/relations.js';
import { LEVEL_LABELS } from '../report/agencies.js';
import type { CellRef } from '../report/metrics.js';
import type { Draft, ReportData } from './types.js';

const t3 = (row: string, col: string): CellRef => ({ table: 'applications', row, col });
const t4 = (row: string, col: string): CellRef => ({ table: 'reviews', row, col });
const SECTION_LABELS: Record<string, string> = Object.fromEntries(SECTIONS.map((s) => [s.key, s.label]));
const colLabel = (col: string) => APPLICANT_COLUMN_DEFS.find((c) => c.key === col)!.short;

/** The relations of `kind` in this report, with the values it has for them; a relation with a blank or unread cell is left out. */
function evaluated(r: ReportData, kind: RelationKind): { rel: Relation; e: Evaluation }[] {
	const out: { rel: Relation; e: Evaluation }[] = [];
	for (const rel of reportRelations(r.template)) {
		if (rel.kind !== kind) continue;
		const e = evaluate(rel, (t) => r.value(t));
		if (e) out.push({ rel, e });
	}
	return out;
}

const ref = (t: Term): CellRef => ({ table: t.table, row: t.row, col: t.col });
/** The terms of `terms` whose value (at the same index of `values`) is not zero. */
const nonzero = (terms: Term[], values: number[]) => terms.filter((_, i) => values[i] !== 0).map(ref);
const aboutOf = (rel: Relation) => rel.about.slice(rel.about.indexOf(':') + 1);

/** Rule 1: 第一项 + 第二项 = 第三项 + 第四项, in every column. */
export function t3Balance(r: ReportData): Draft[] {
	return evaluated(r, 'balance')
		.filter(({ e }) => !e.holds)
		.map(({ rel, e }) => ({
			message: `「${colLabel(aboutOf(rel))}」列：第一项+第二项=${e.left}，第三项+第四项=${e.right}，相差${Math.abs(e.left - e.right)}`,
			cells: [...rel.left, ...rel.right].map(ref)
		}));
}

/** Rule 2: the outcome rows add up to （七）总计, in every column. */
export function t3OutcomeSum(r: ReportData): Draft[] {
	return evaluated(r, 'outcome_sum')
		.filter(({ e }) => !e.holds)
		.map(({ rel, e }) => ({
			message: `「${colLabel(aboutOf(rel))}」列：各项办理结果之和=${e.left}，（七）总计=${e.right}，相差${Math.abs(e.left - e.right)}`,
			cells: [...rel.right.map(ref), ...nonzero(rel.left, e.values)],
			subject: rel.about
		}));
}

/** Rule 3: the 总计 column is the sum of the six applicant columns, in every row. */
export function t3RowTotal(r: ReportData): Draft[] {
	return evaluated(r, 'row_total')
		.filter(({ e }) => !e.holds)
		.map(({ rel, e }) => ({
			message: `「${applicationRowDef(aboutOf(rel) as ApplicationRow).label}」：六类申请人之和=${e.left}，总计列=${e.right}，相差${Math.abs(e.left - e.right)}`,
			cells: [...rel.right.map(ref), ...nonzero(rel.left, e.values)],
			subject: rel.about
		}));
}

/** Rule 4: in each Table 4 group, 总计 = 维持 + 纠正 + 其他 + 尚未审结. */
export function t4GroupTotal(r: ReportData): Draft[] {
	return evaluated(r, 'group_total')
		.filter(({ e }) => !e.holds)
		.map(({ rel, e }) => ({
			message: `${REVIEW_GROUP_LABELS[aboutOf(rel) as ReviewGroup]}：结果维持+结果纠正+其他结果+尚未审结=${e.left}，总计=${e.right}，相差${Math.abs(e.left - e.right)}`,
			cells: [...rel.right, ...rel.left].map(ref)
		}));
}

/** Blank cells where the template wants a number (not cells the parser could not read: those are warnings). */
function blanks(r: ReportData): { ref: CellRef; row: string; label: string }[] {
	const out: { ref: CellRef; row: string; label: string }[] = [];
	// Blank as published: the cell is there with no text. A row the report lacks altogether
	// (raw null) is a parser's warning about the layout, not a blank.
	const blank = (ref: CellRef) => r.value(ref) === null && r.raw(ref) !== null && r.raw(ref)!.trim() === '';
	for (const d of applicationRowsOf(r.template))
		for (const c of APPLICANT_COLUMNS) if (blank(t3(d.key, c))) out.push({ ref: t3(d.key, c), row: `applications.${d.key}`, label: d.label });
	for (const g of REVIEW_GROUPS)
		for (const m of REVIEW_MEASURES) if (blank(t4(g, m))) out.push({ ref: t4(g, m), row: `reviews.${g}`, label: REVIEW_GROUP_LABELS[g] });
	for (const item of PROACTIVE_ITEMS[r.template]) {
		for (const m of item.measures) {
			const ref: CellRef = { table: 'proactive', row: item.key, col: m.key };
			if (blank(ref)) out.push({ ref, row: `proactive.${item.key}`, label: `表二「${item.label}」` });
		}
	}
	return out;
}

/** Rule 5: a blank where a number belongs. A report that writes every zero as a blank gets one finding. */
export function blankRequired(r: ReportData): Draft[] {
	const b = blanks(r);
	if (!b.length) return [];
	const t3cells = applicationRowsOf(r.template).length * APPLICANT_COLUMNS.length;
	const t3blank = b.filter((x) => x.ref.table === 'applications').length;
	const zeros = applicationRowsOf(r.template).some((d) => APPLICANT_COLUMNS.some((c) => r.value(t3(d.key, c)) === 0));
	if (t3blank >= t3cells * 0.4 && !zeros) {
		return [
			{ severity: 'info', message: `表三以空白代替零：${t3blank}个单元格为空、没有一个写0，无法区分“未填”与“零”`, cells: [], subject: 'table:applications' }
		];
	}
	// One finding per gap: the rows of a table left blank in the same columns (a column group not
	// filled in), or whole — however many rows it spans, citing every cell of it.
	const gaps = new Map<string, { table: CellRef['table']; whole: boolean; rows: { label: string; cells: typeof b }[] }>();
	for (const row of [...new Set(b.map((x) => x.row))]) {
		const cells = b.filter((x) => x.row === row);
		const width = row.startsWith('applications') ? APPLICANT_COLUMNS.length : row.startsWith('reviews') ? REVIEW_MEASURES.length : cells.length + 1;
		const whole = cells.length === width;
		const table = cells[0].ref.table;
		const key = `${table}:${whole ? '*' : cells.map((x) => x.ref.col).join(',')}`;
		const gap = gaps.get(key) ?? gaps.set(key, { table, whole, rows: [] }).get(key)!;
		gap.rows.push({ label: cells[0].label, cells });
	}
	const out: Draft[] = [];
	for (const [key, { table, whole, rows }] of gaps) {
		const cells = rows.flatMap((x) => x.cells);
		const names = rows[0].cells.map((x) =>
			x.ref.table === 'applications'
				? colLabel(x.ref.col)
				: x.ref.table === 'reviews'
					? REVIEW_MEASURE_LABELS[x.ref.col as ReviewMeasure]
					: PROACTIVE_ITEMS[r.template].find((i) => i.key === x.ref.row)!.measures.find((m) => m.key === x.ref.col)!.label
		);
		const columns = names.map((n) => `「${n}」`).join('');
		const some = rows
			.slice(0, 3)
			.map((x) => x.label)
			.join('、');
		const where = `${rows.length}行：${some}${rows.length > 3 ? '等' : ''}`;
		out.push({
			severity: cells.some((x) => x.ref.col === 'total') ? 'error' : 'warning',
			message:
				rows.length === 1
					? whole
						? `${rows[0].label}整行为空`
						: `${rows[0].label}${columns}列为空`
					: whole
						? `${TABLE_NAMES[table]}${where}整行为空`
						: `${TABLE_NAMES[table]}${columns}列为空（${where}）`,
			cells: cells.map((x) => x.ref),
			// A row's gap keeps the id it had; a gap of several rows is its columns', whichever rows it spans.
			subject: rows.length === 1 ? `row:${rows[0].cells[0].row}` : `gap:${key}`
		});
	}
	return out;
}

const TABLE_NAMES: Record<CellRef['table'], string> = { proactive: '表二', applications: '表三', reviews: '表四' };

/** Rule 10: only provincial governments and larger cities may make 规章. */
export function regulationsLevel(r: ReportData): Draft[] {
	const low = r.level === 'township' || r.level === 'county' || (r.level === 'department' && (r.parentLevel === 'county' || r.parentLevel === 'township'));
	if (!low) return [];
	const item = PROACTIVE_ITEMS[r.template].find((i) => i.key === 'regulations')!;
	const cells = item.measures.map((m) => ({ table: 'proactive' as const, row: 'regulations', col: m.key }));
	const nonzero = cells.filter((c) => (r.value(c) ?? 0) > 0);
	if (!nonzero.length) return [];
	const figures = nonzero.map((c) => `${item.measures.find((m) => m.key === c.col)!.label}${r.value(c)}件`).join('，');
	return [{ message: `${LEVEL_LABELS[r.level]}单位报告了规章（${figures}）：只有省级政府和设区的市政府可以制定规章`, cells: nonzero, subject: '' }];
}

/** Rule 11: words of a higher level's template in a lower level's report (组织推动全省…). */
export function higherLevelText(r: ReportData): Draft[] {
	const words = r.level === 'township' ? /全省|全市/ : r.level === 'county' || (r.level === 'department' && r.parentLevel === 'county') ? /全省/ : null;
	if (!words) return [];
	for (const [key, text] of Object.entries(r.sections)) {
		const m = text ? words.exec(text) : null;
		if (!m || !text) continue;
		const snippet = text.slice(Math.max(0, m.index - 12), m.index + 14).replace(/\s+/g, '');
		return [{ message: `${LEVEL_LABELS[r.level]}报告「${SECTION_LABELS[key] ?? key}」中出现上级用语「${m[0]}」（…${snippet}…），疑似照抄上级模板`, cells: [] }];
	}
	return [];
}

const RECEIVED_PATTERNS = [
	/(?:收到|受理|接收|新收|办理)[^。；\n\d]{0,16}?申请[^。；\n\d]{0,4}?(\d+)\s*件/,
	/(?:收到|受理|接收)(?:各类)?(?:政府信息公开)?(\d+)\s*件[^。；\n]{0,6}申请/
];

/** Rule 12: the figures the narrative states, against Table 3 — applications received, and outcomes it names alone or combined. */
export function textTableMismatch(r: ReportData): Draft[] {
	const text = [r.sections.overview, r.sections.applications].filter(Boolean).join('\n');
	if (!text) return [];
	return [...receivedMismatch(r, text), ...outcomeMismatches(r, text)];
}

function receivedMismatch(r: ReportData, text: string): Draft[] {
	const n = r.value(t3('new_received', 'total'));
	const co = r.value(t3('carried_over', 'total'));
	if (n === null) return [];
	for (const p of RECEIVED_PATTERNS) {
		const m = p.exec(text);
		if (!m) continue;
		const said = Number(m[1]);
		if (said === n || said === n + (co ?? 0)) return [];
		const quote = m[0].replace(/\s+/g, '');
		return [{ message: `正文称「${quote}」，表三本年新收申请为${n}件${co ? `（加上年结转共${n + co}件）` : ''}`, cells: [t3('new_received', 'total')] }];
	}
	return [];
}

/**
 * Outcomes the narrative counts: 「予以公开及部分公开258件」 is the sum of two rows, 「不予公开5件」 one
 * group. Each statement is compared with the sum of the rows it names (总计 column).
 */
const OUTCOME_WORDS: [RegExp, string][] = [
	[/予以公开/, 'granted'],
	[/部分公开/, 'partially_granted'],
	[/不予公开/, 'denied'],
	[/无法提供/, 'unavailable'],
	[/不予处理/, 'not_processed'],
	[/其他处理/, 'other']
];
const OUTCOME_STATEMENT =
	/((?:予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)(?:(?:及|和|与|、|或)(?:予以公开|部分公开|不予公开|无法提供|不予处理|其他处理))*)(?:的)?(?:共|共计|合计)?\s*(\d+)\s*件/g;

function outcomeMismatches(r: ReportData, text: string): Draft[] {
	const out: Draft[] = [];
	const seen = new Set<string>();
	for (const m of text.matchAll(OUTCOME_STATEMENT)) {
		// 「不予公开」 also holds 「公开」: read the names one by one, longest first.
		const names = m[1].split(/及|和|与|、|或/);
		const groups = names.map((name) => OUTCOME_WORDS.find(([re]) => re.test(name) && name.length === re.source.length)?.[1]).filter((g): g is string => !!g);
		if (groups.length !== names.length || seen.has(groups.join('+'))) continue;
		seen.add(groups.join('+'));
		const rows = groups.flatMap((g) =>
			applicationRowsOf(r.template)
				.filter((d) => d.key === g || d.group === g)
				.map((d) => d.key)
		);
		const refs = [...new Set(rows)].map((row) => t3(row, 'total'));
		const values = refs.map((ref) => r.value(ref));
		if (!refs.length || values.some((v) => v === null)) continue;
		const sum = (values as number[]).reduce((a, b) => a + b, 0);
		if (sum === Number(m[2])) continue;
		out.push({ message: `正文称「${m[0].replace(/\s+/g, '')}」，表三相应结果合计为${sum}件`, cells: refs, subject: `outcome:${groups.join('+')}` });
	}
	return out;
}

/** Completeness: a section of the template or one of its tables not in the report at all. */
export function missingSection(r: ReportData): Draft[] {
	const out: Draft[] = [];
	for (const s of SECTIONS) {
		if (r.sections[s.key] === null || r.sections[s.key] === undefined)
			out.push({ severity: 'warning', message: `缺少「${s.label}」部分`, cells: [], subject: `section:${s.key}` });
	}
	const tables = [
		['applications', '表三（收到和处理政府信息公开申请情况）', applicationRowsOf(r.template).flatMap((d) => APPLICANT_COLUMNS.map((c) => t3(d.key, c)))],
		['reviews', '表四（行政复议、行政诉讼情况）', REVIEW_GROUPS.flatMap((g) => REVIEW_MEASURES.map((m) => t4(g, m)))]
	] as const;
	for (const [key, label, refs] of tables) {
		// The checks hold a cell's text only where it has no value: absent is neither.
		if (refs.every((ref) => r.value(ref) === null && r.raw(ref) === null))
			out.push({ severity: 'error', message: `缺少${label}`, cells: [], subject: `table:${key}` });
	}
	return out;
}

/** Timeliness: published after its agency's deadline (report/season.ts) — only where it is known when it was published. */
export function latePublication(r: ReportData): Draft[] {
	if (!r.published) return [];
	const due = dueDate(r.year, r.deadline);
	const days = daysLate(r.published.date, due);
	if (days <= 0) return [];
	return [{ message: `${r.published.date}发布（${r.published.source}），晚于${chineseDate(due)}的公布期限${days}天`, cells: [], subject: '' }];
}

/** Rule 13, in part: a review or suit decided against the agency. */
export function correctedDecision(r: ReportData): Draft[] {
	const out: Draft[] = [];
	for (const g of REVIEW_GROUPS) {
		const v = r.value(t4(g, 'corrected'));
		if (v && v > 0)
			out.push({
				message: `${REVIEW_GROUP_LABELS[g]}结果纠正${v}件：${g === 'review' ? '复议机关' : '法院'}认定本机关的答复有误`,
				cells: [t4(g, 'corrected')]
			});
	}
	return out;
}
