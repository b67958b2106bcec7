/**
 * Tables whose cells ran together when a page was copied or archived:
 * `一、本年新收政府信息公开申请数量640020470`. The template's labels, in order, cut the text into
 * rows; each row's run of digits is split into cells by every reading the run allows, and the
 * table's own arithmetic (report/relations.ts, the same the checks apply) chooses: the six
 * applicant columns sum to 总计, the outcome rows sum to （七）总计, 一 + 二 = （七） + 四, and in
 * Table 4 each group's total. A value is taken only when exactly one reading is left; otherwise
 * its cells stay null and a warning lists the readings.
 *
 * Whitespace in a run is a cell boundary (a cell never spans it). A run with exactly as many
 * digits as cells has one reading, taken as published even where its arithmetic fails: that is
 * a finding for the checks, not a reason to guess. A run one cell short has its blank cell at the
 * run's gap, or at its end when it has none (an empty cell leaves no trace there).
 */
import {
	APPLICANT_COLUMNS,
	APPLICATION_ROW_DEFS,
	OUTCOME_ROWS,
	OUTCOME_GROUPS,
	PROACTIVE_ITEMS,
	REVIEW_GROUPS,
	REVIEW_MEASURES,
	type ApplicantColumn,
	type ApplicationRow,
	type ReviewGroup,
	type ReviewMeasure,
	type TemplateId
} from '../../report/template.js';
import { evaluate, reportRelations, type Relation, type Term } from '../../report/relations.js';
import type { ReportWarning } from '../../report/schema.js';
import { escapeRegExp, squash } from '../labels.js';
import { toHalfWidth } from '../values.js';
import type { TableResult } from './tables.js';

type Reading = (number | null)[];
type Warn = (w: ReportWarning) => void;

/** Readings are enumerated up to this many per row, combinations up to this many per table. */
const MAX_READINGS = 2000;
const MAX_STEPS = 200_000;
const MAX_COMBINATIONS = 200_000;
const MAX_DIGITS = 7;

// -------------------------------------------------------------------------------------------
// Text with an index back to the original, so labels are found whatever the spacing

interface Squashed {
	text: string;
	/** map[i] = index in the original of squashed character i. */
	map: number[];
}

function squashWithMap(s: string): Squashed {
	let text = '';
	const map: number[] = [];
	for (let i = 0; i < s.length; i++) {
		const c = squash(s[i]);
		if (c) {
			text += c;
			map.push(i);
		}
	}
	return { text, map };
}

function pattern(phrase: string): RegExp {
	return new RegExp(escapeRegExp(phrase), 'g');
}

/** The first match of any phrase at or after `from` (squashed index), or null. */
function findFirst(sq: Squashed, phrases: (string | RegExp)[], from: number, to = sq.text.length): { start: number; end: number } | null {
	let best: { start: number; end: number } | null = null;
	for (const p of phrases) {
		const re = typeof p === 'string' ? pattern(p) : new RegExp(p.source, 'g');
		re.lastIndex = from;
		const m = re.exec(sq.text);
		if (m && m.index < to && (!best || m.index < best.start)) best = { start: m.index, end: m.index + m[0].length };
	}
	return best;
}

/**
 * The run of digits after a label: skip the rest of the label (no digits in it), take digits,
 * spaces and decimal points, and give back a trailing 2. / 3、 that numbers the next label.
 */
function runAfter(original: string, from: number, limit = original.length): { run: string; end: number } {
	let i = from;
	while (i < limit && !/[\d０-９-]/.test(original[i])) i++;
	const m = /^[\d０-９.．\s\u00a0\u3000-]*/.exec(original.slice(i, limit));
	let run = toHalfWidth(m?.[0] ?? '').replace(/\u00a0/g, ' ');
	let end = i + (m?.[0].length ?? 0);
	const numbering = /(\d)[.．]$/.exec(run.trimEnd());
	if (numbering) {
		const cut = run.trimEnd().length - numbering[0].length;
		end -= run.length - cut;
		run = run.slice(0, cut);
	}
	run = run.replace(/\.$/, '').trim();
	return { run, end };
}

// -------------------------------------------------------------------------------------------
// Readings of one run

function cellPattern(amount: boolean, signed: boolean): RegExp {
	const n = amount ? `(?:0|[1-9]\\d{0,11})(?:\\.\\d{1,6})?` : `(?:0|[1-9]\\d{0,${MAX_DIGITS - 1}})`;
	return new RegExp(`^${signed ? '-?' : ''}${n}$`);
}

/**
 * Every way of reading `run` as `n` cells (kinds say which cells may be decimal or negative).
 * `forced` is true when the run allows no choice at all.
 */
export function readingsOf(run: string, n: number, kinds: { amount?: boolean; signed?: boolean }[] = []): { readings: Reading[]; bounded: boolean } {
	const chunks = run.split(/\s+/).filter(Boolean);
	const patterns = Array.from({ length: n }, (_, i) => cellPattern(!!kinds[i]?.amount, !!kinds[i]?.signed));
	const out: Reading[] = [];
	let bounded = false;
	let steps = 0;
	const maxLen = (i: number) => (kinds[i]?.amount ? 20 : MAX_DIGITS + (kinds[i]?.signed ? 1 : 0));
	// Digits left from chunk ci, position pos: a reading must fit them into the cells left.
	const suffix: number[] = [];
	for (let i = chunks.length - 1, acc = 0; i >= 0; i--) suffix[i] = acc += chunks[i].length;

	// Cells are taken chunk by chunk (a cell never spans a gap). With `blank`, one cell may be
	// missing: at a gap between chunks, or at the end of a run that has no gap.
	const walk = (ci: number, pos: number, cells: Reading, blank: 'no' | 'allowed' | 'used') => {
		if (out.length >= MAX_READINGS || ++steps > MAX_STEPS) {
			bounded = true;
			return;
		}
		if (ci < chunks.length) {
			const left = suffix[ci] - pos;
			const cellsLeft = n - cells.length;
			let room = 0;
			for (let k = cells.length; k < n; k++) room += maxLen(k);
			if (left > room || cellsLeft - (blank === 'allowed' ? 1 : 0) > left) return;
		}
		if (ci === chunks.length) {
			if (cells.length === n) out.push(cells);
			else if (blank === 'allowed' && chunks.length === 1 && cells.length === n - 1) out.push([...cells, null]);
			return;
		}
		if (cells.length >= n) return;
		if (blank === 'allowed' && pos === 0 && ci > 0) walk(ci, 0, [...cells, null], 'used');
		const chunk = chunks[ci];
		for (let len = 1; pos + len <= chunk.length && len <= maxLen(cells.length); len++) {
			const s = chunk.slice(pos, pos + len);
			if (!patterns[cells.length].test(s)) continue;
			const next = [...cells, Number(s)];
			if (pos + len === chunk.length) walk(ci + 1, 0, next, blank);
			else walk(ci, pos + len, next, blank);
		}
	};
	walk(0, 0, [], 'no');
	if (out.length === 0) walk(0, 0, [], 'allowed');
	return { readings: dedupe(out), bounded };
}

function dedupe(rs: Reading[]): Reading[] {
	const seen = new Set<string>();
	return rs.filter((r) => {
		const k = r.join('|');
		if (seen.has(k)) return false;
		seen.add(k);
		return true;
	});
}

function show(r: Reading): string {
	return r.map((v) => (v === null ? '空' : String(v))).join('/');
}

function listReadings(rs: Reading[]): string {
	const shown = rs.slice(0, 4).map(show).join('；');
	return rs.length > 4 ? `${shown} 等${rs.length}种` : shown;
}

// -------------------------------------------------------------------------------------------
// Tables

export interface FlatTables {
	proactive: TableResult;
	applications: TableResult;
	reviews: TableResult;
	/** [start, end) of the tables in the original text. */
	tableSpan: [number, number] | null;
}

const T3_START = ['本年新收'];
const T4_HEADER = ['结果维持', '行政复议行政诉讼', '行政法复议'];

export function readFlattened(text: string, template: TemplateId, warn: Warn): FlatTables | null {
	const sq = squashWithMap(text);
	const start = findFirst(sq, T3_START, 0);
	if (!start) return null;
	const t4 = findFirst(sq, T4_HEADER, start.end);
	const t3end = t4?.start ?? sq.text.length;

	const applications = flatApplications(text, sq, start.start, t3end, template, warn);
	// Table 2 begins at its first 第二十条 header (the report's preamble names every section).
	const t2start = findFirst(sq, ['第二十条'], 0, start.start)?.start ?? findFirst(sq, ['信息内容'], 0, start.start)?.start ?? start.start;
	const proactive = flatProactive(text, sq, t2start, start.start, template, warn);
	const reviews = t4 ? flatReviews(text, sq, t4.start, warn) : emptyReviews(warn);
	const tableSpan: [number, number] = [sq.map[t2start] ?? 0, reviews.span ? reviews.span[1] : (sq.map[t3end - 1] ?? text.length)];
	for (const [key, t] of [
		['proactive', proactive],
		['applications', applications],
		['reviews', reviews]
	] as const) {
		if (t.span)
			warn({
				code: 'recovered_from_flat_text',
				message: `${key === 'proactive' ? '表二' : key === 'applications' ? '表三' : '表四'}各单元格连在一起（网页文字），按表格自身的勾稽关系拆分读取`,
				where: key
			});
	}
	return { proactive, applications, reviews, tableSpan };
}

function grid(rows: readonly string[], cols: readonly string[]): TableResult {
	const g = () => Object.fromEntries(rows.map((r) => [r, Object.fromEntries(cols.map((c) => [c, null]))]));
	return { values: g(), raw: g() };
}

function emptyReviews(warn: Warn): TableResult {
	warn({ code: 'table_missing', message: '未找到表四（政府信息公开行政复议、行政诉讼情况）', where: 'reviews' });
	return grid(REVIEW_GROUPS, REVIEW_MEASURES);
}

/** Anchors of Table 3's rows in order; short words only in their place. */
function rowAnchor(key: ApplicationRow): (string | RegExp)[] {
	const def = APPLICATION_ROW_DEFS.find((d) => d.key === key)!;
	if (key === 'other.other') return [/\d[.．、]其他(?!法律|处理|结果)/, /其他处理/];
	if (key === 'total_processed') return [/（七）总计|总计/];
	return def.variants;
}

function flatApplications(text: string, sq: Squashed, from: number, to: number, template: TemplateId, warn: Warn): TableResult {
	const relations = reportRelations(template);
	const out = grid(
		APPLICATION_ROW_DEFS.map((d) => d.key),
		APPLICANT_COLUMNS
	);
	// Each row's label, in the template's order; a row's run ends where the next label begins.
	const anchors: { key: ApplicationRow; start: number; end: number }[] = [];
	let pos = from;
	for (const def of APPLICATION_ROW_DEFS) {
		if (!def.templates.includes(template) && def.group === 'other' && def.key !== 'other.other') continue;
		const at = findFirst(sq, rowAnchor(def.key), pos, to);
		if (!at) {
			if (def.templates.includes(template) && !(def.group === 'other' && def.key !== 'other.other')) {
				warn({ code: 'row_missing', message: `表三缺少「${def.label}」行`, where: `applications.${def.key}` });
			}
			continue;
		}
		anchors.push({ key: def.key, start: sq.map[at.start], end: sq.map[at.end - 1] + 1 });
		pos = at.end;
	}
	const runs = new Map<ApplicationRow, string | null>();
	anchors.forEach((a, i) => {
		const limit = i + 1 < anchors.length ? anchors[i + 1].start : sq.map[to - 1] + 1;
		const { run } = runAfter(text, a.end, limit);
		runs.set(a.key, run === '' ? null : run);
	});
	// The hybrid of real reports: a 2021 table with the 2019 single （六） row has no sub-rows.
	for (const k of ['other.no_correction', 'other.unpaid_fee'] as const) {
		if (template === '2021' && !runs.has(k) && runs.has('other.other')) {
			warn({ code: 'row_missing', message: `表三缺少「${APPLICATION_ROW_DEFS.find((d) => d.key === k)!.label}」行`, where: `applications.${k}` });
		}
	}
	out.span = [sq.map[from], sq.map[Math.max(from, pos - 1)]];

	// Readings per row; a row without a run is blank.
	const cands = new Map<ApplicationRow, Reading[]>();
	for (const [key, run] of runs) {
		// A row found with no digits at all is blank as published.
		APPLICANT_COLUMNS.forEach((c) => (out.raw[key][c] = run ?? ''));
		if (run === null) {
			cands.set(key, [APPLICANT_COLUMNS.map(() => null)]);
			continue;
		}
		const { readings, bounded } = readingsOf(run, APPLICANT_COLUMNS.length);
		if (bounded) warn({ code: 'flat_ambiguous', message: `表三「${label(key)}」的数字「${run}」可拆分的方式过多，未读取`, where: `applications.${key}` });
		if (!readings.length || bounded) {
			if (!bounded)
				warn({
					code: 'flat_no_reading',
					message: `表三「${label(key)}」的数字「${run}」无法拆分为${APPLICANT_COLUMNS.length}个单元格`,
					where: `applications.${key}`
				});
			continue;
		}
		// A forced reading is what was published. Otherwise the row's own sum chooses; when no
		// reading sums (the published row itself does not add up), the column rules must choose.
		const forced = readings.length === 1;
		const total = relations.find((rel) => rel.kind === 'row_total' && rel.about === `row:${key}`);
		const summing = forced || !total ? readings : readings.filter((r) => rowSums(total, r));
		cands.set(key, summing.length ? summing : readings);
	}

	const chosen = chooseAcrossRows(cands, relations, warn);
	for (const [key, r] of chosen) APPLICANT_COLUMNS.forEach((c, i) => (out.values[key][c] = r[i]));
	for (const [key, r] of chosen) {
		const raw = runs.get(key);
		if (raw !== null && raw !== undefined) APPLICANT_COLUMNS.forEach((c, i) => (out.raw[key][c] = r[i] === null ? '' : String(r[i])));
	}
	return out;
}

function label(key: ApplicationRow): string {
	return APPLICATION_ROW_DEFS.find((d) => d.key === key)!.label;
}

/** A relation that has every value it needs under `value` holds; one missing a value does not object. */
function allows(rel: Relation, value: (t: Term) => number | null): boolean {
	return evaluate(rel, value)?.holds ?? true;
}

/** The six applicant columns of a reading of `row` add up to its 总计 (when all seven are there). */
function rowSums(rel: Relation, r: Reading): boolean {
	return allows(rel, (t) => r[APPLICANT_COLUMNS.indexOf(t.col as ApplicantColumn)]);
}

/**
 * Rows with more than one reading left are decided together by the column rules; a row whose
 * readings the rules cannot tell apart stays null.
 */
function chooseAcrossRows(cands: Map<ApplicationRow, Reading[]>, relations: Relation[], warn: Warn): Map<ApplicationRow, Reading> {
	const chosen = new Map<ApplicationRow, Reading>();
	const open: ApplicationRow[] = [];
	for (const [k, rs] of cands) {
		if (rs.length === 1) chosen.set(k, rs[0]);
		else open.push(k);
	}
	if (!open.length) return chosen;
	const combos = open.reduce((n, k) => n * cands.get(k)!.length, 1);
	if (combos > MAX_COMBINATIONS) {
		for (const k of open)
			warn({ code: 'flat_ambiguous', message: `表三「${label(k)}」有多种拆分，组合过多无法判定：${listReadings(cands.get(k)!)}`, where: `applications.${k}` });
		return chosen;
	}
	const pick: Reading[] = [];
	const value = (k: ApplicationRow, c: number): number | null | undefined => {
		const i = open.indexOf(k);
		const r = i >= 0 ? pick[i] : chosen.get(k);
		return r ? r[c] : undefined;
	};
	// A row of the template the report lacks (the hybrid's single （六）其他处理) adds nothing to
	// an outcome sum; any other row not read decides nothing.
	const outcome = new Set<string>(OUTCOME_GROUPS.flatMap((g) => OUTCOME_ROWS[g]));
	const cell = (t: Term): number | null => {
		const v = value(t.row as ApplicationRow, APPLICANT_COLUMNS.indexOf(t.col as ApplicantColumn));
		return v === undefined ? (outcome.has(t.row) ? 0 : null) : v;
	};
	const columnRules = relations.filter((rel) => rel.kind === 'outcome_sum' || rel.kind === 'balance');
	/** How many of the table's column rules the current pick breaks (only rules whose cells are all there). */
	const broken = () => columnRules.filter((rel) => !allows(rel, cell)).length;
	// The picks that break the fewest rules: none, when the published table adds up.
	let fewest = Infinity;
	let fits: Reading[][] = [];
	const walk = (i: number) => {
		if (i === open.length) {
			const n = broken();
			if (n < fewest) {
				fewest = n;
				fits = [];
			}
			if (n === fewest) fits.push([...pick]);
			return;
		}
		for (const r of cands.get(open[i])!) {
			pick[i] = r;
			walk(i + 1);
		}
	};
	walk(0);
	open.forEach((k, i) => {
		const distinct = dedupe(fits.map((f) => f[i]));
		if (distinct.length !== 1) {
			warn({
				code: 'flat_ambiguous',
				message: `表三「${label(k)}」有${distinct.length}种拆分同样符合勾稽关系，无法确定：${listReadings(distinct)}`,
				where: `applications.${k}`
			});
			return;
		}
		chosen.set(k, distinct[0]);
		if (fewest > 0) {
			warn({
				code: 'flat_best_reading',
				message: `表三「${label(k)}」没有一种拆分使表格的勾稽关系全部成立（原表本身不平）；取唯一违反最少（${fewest}处）的读法 ${show(distinct[0])}`,
				where: `applications.${k}`
			});
		}
	});
	return chosen;
}

function flatReviews(text: string, sq: Squashed, from: number, warn: Warn): TableResult {
	const out = grid(REVIEW_GROUPS, REVIEW_MEASURES);
	// The run of values follows the header's last 总计.
	const re = /总计[\s\d]*?(?=\d)/g;
	re.lastIndex = sq.map[from];
	let run = '';
	let end = -1;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const r = runAfter(text, m.index + 2);
		if (r.run.replace(/\s/g, '').length >= 10) {
			run = r.run;
			end = r.end;
			break;
		}
		if (m.index - sq.map[from] > 400) break;
	}
	if (!run) {
		warn({ code: 'table_missing', message: '表四没有数值', where: 'reviews' });
		return out;
	}
	out.span = [sq.map[from], end];
	const width = REVIEW_GROUPS.length * REVIEW_MEASURES.length;
	const { readings, bounded } = readingsOf(run, width);
	const forced = readings.length === 1;
	// The 15 numbers stand group by group, each group's five in the order of REVIEW_MEASURES.
	const at = (r: Reading) => (t: Term) =>
		r[REVIEW_GROUPS.indexOf(t.row as ReviewGroup) * REVIEW_MEASURES.length + REVIEW_MEASURES.indexOf(t.col as ReviewMeasure)];
	const groups = reportRelations('2021').filter((rel) => rel.kind === 'group_total');
	const fits = forced ? readings : readings.filter((r) => groups.every((rel) => allows(rel, at(r))));
	for (const g of REVIEW_GROUPS) for (const m of REVIEW_MEASURES) out.raw[g][m] = run;
	if (fits.length !== 1 || bounded) {
		warn({
			code: fits.length > 1 || bounded ? 'flat_ambiguous' : 'flat_no_reading',
			message:
				fits.length > 1 || bounded
					? `表四的数字「${run}」有多种拆分都满足各组总计，无法确定：${listReadings(fits)}`
					: `表四的数字「${run}」没有一种拆分满足各组总计${readings.length ? '：' + listReadings(readings) : ''}`,
			where: 'reviews'
		});
		return out;
	}
	REVIEW_GROUPS.forEach((g, gi) =>
		REVIEW_MEASURES.forEach((m, mi) => {
			const v = fits[0][gi * 5 + mi];
			out.values[g][m] = v;
			out.raw[g][m] = v === null ? '' : String(v);
		})
	);
	return out;
}

function flatProactive(text: string, sq: Squashed, from: number, to: number, template: TemplateId, warn: Warn): TableResult {
	const out: TableResult = { values: {}, raw: {} };
	const items = PROACTIVE_ITEMS[template];
	for (const item of items) {
		out.values[item.key] = Object.fromEntries(item.measures.map((m) => [m.key, null]));
		out.raw[item.key] = Object.fromEntries(item.measures.map((m) => [m.key, null]));
	}
	let pos = from;
	let found = 0;
	for (const item of items) {
		const at = findFirst(sq, [...item.variants, ...(item.exact ?? [])], pos, to);
		if (!at) {
			warn({ code: 'row_missing', message: `表二缺少「${item.label}」行`, where: `proactive.${item.key}` });
			continue;
		}
		found++;
		pos = at.end;
		const { run } = runAfter(text, sq.map[at.end - 1] + 1);
		for (const m of item.measures) out.raw[item.key][m.key] = run;
		if (run === '') {
			for (const m of item.measures) out.raw[item.key][m.key] = '';
			continue;
		}
		const kinds = item.measures.map((m) => ({ amount: !!m.amount, signed: m.key === 'change' }));
		const { readings, bounded } = readingsOf(run, item.measures.length, kinds);
		// An amount with more decimals than money has is two cells run together.
		const suspicious = readings.filter((r) => r.some((v, i) => kinds[i].amount && v !== null && (String(v).split('.')[1]?.length ?? 0) > 4));
		if (readings.length === 1 && !suspicious.length && !bounded) {
			item.measures.forEach((m, i) => {
				out.values[item.key][m.key] = readings[0][i];
				out.raw[item.key][m.key] = readings[0][i] === null ? '' : String(readings[0][i]);
			});
			continue;
		}
		const many = readings.length > 1 || suspicious.length || bounded;
		warn({
			code: many ? 'flat_ambiguous' : 'flat_no_reading',
			message: many
				? `表二「${item.label}」的数字「${run}」有多种读法（${suspicious.length ? `如 ${run} 或 ${run.replace(/(\.\d{2})(\d+)$/, '$1 与 $2')}` : listReadings(readings)}），未读取`
				: `表二「${item.label}」的数字「${run}」无法拆分为${item.measures.length}个单元格`,
			where: `proactive.${item.key}`
		});
	}
	if (found) out.span = [sq.map[from], sq.map[Math.max(from, pos - 1)]];
	return out;
}
