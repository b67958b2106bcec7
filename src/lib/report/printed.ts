/**
 * Tables 2–4 laid out as the national template prints them — headings above and beside the
 * cells, with their spans — from the template's data (template.ts), never from labels written
 * in a page. The report page draws them; its Excel export names rows by them.
 */
import {
	APPLICANT_COLUMN_DEFS,
	OUTCOMES_HEADING,
	OUTCOME_GROUP_HEADINGS,
	PROACTIVE_ITEMS,
	REVIEW_GROUPS,
	REVIEW_GROUP_LABELS,
	REVIEW_MEASURES,
	REVIEW_MEASURE_LABELS,
	applicationRowsOf,
	type ApplicationRowDef,
	type ItemDef,
	type MeasureDef,
	type ReviewGroup,
	type ReviewMeasure,
	type TemplateId
} from './template.js';

/** A heading cell as printed. */
export interface Head {
	label: string;
	colspan: number;
	rowspan: number;
}

/** Labels nest with ' / ': 法人或其他组织 / 商业企业. */
const LEVELS = ' / ';

/**
 * The header rows over columns of nested labels: a parent over the run of its children, and a
 * label with fewer levels than the others spanning down to the last row (自然人 beside
 * 法人或其他组织 / 商业企业). `span` columns under each label.
 */
export function nestedHeader(labels: readonly string[], span = 1): Head[][] {
	const paths = labels.map((l) => l.split(LEVELS));
	const depth = Math.max(...paths.map((p) => p.length));
	// Each column's key on each printed row: its path so far, the last level repeated down.
	const keys = paths.map((p) => Array.from({ length: depth }, (_, level) => p.slice(0, Math.min(level, p.length - 1) + 1).join(LEVELS)));
	const rows: Head[][] = [];
	for (let level = 0; level < depth; level++) {
		const row: Head[] = [];
		for (let i = 0; i < keys.length;) {
			const key = keys[i][level];
			let j = i + 1;
			while (j < keys.length && keys[j][level] === key) j++;
			if (level === 0 || keys[i][level - 1] !== key) {
				let down = 1;
				while (level + down < depth && keys[i][level + down] === key) down++;
				row.push({ label: key.split(LEVELS).pop()!, colspan: (j - i) * span, rowspan: down });
			}
			i = j;
		}
		rows.push(row);
	}
	return rows;
}

// ---------------------------------------------------------------------------------------------
// Table 2: blocks of items under their article of 第二十条, each with its measures as a header.

export interface ProactiveBlock {
	article: string;
	measures: readonly MeasureDef[];
	items: readonly ItemDef[];
}

/** Consecutive items of one article with the same measures make a block, as printed. */
export function proactiveBlocks(template: TemplateId): ProactiveBlock[] {
	const blocks: { article: string; measures: readonly MeasureDef[]; items: ItemDef[] }[] = [];
	const same = (a: readonly MeasureDef[], b: readonly MeasureDef[]) => a.map((m) => m.key).join() === b.map((m) => m.key).join();
	for (const item of PROACTIVE_ITEMS[template]) {
		const last = blocks[blocks.length - 1];
		if (last && last.article === (item.article ?? '') && same(last.measures, item.measures)) last.items.push(item);
		else blocks.push({ article: item.article ?? '', measures: item.measures, items: [item] });
	}
	return blocks;
}

/** Table 2's width: the item column and the most measures of any block (a block of fewer stretches its last). */
export function proactiveWidth(template: TemplateId): number {
	return 1 + Math.max(...PROACTIVE_ITEMS[template].map((i) => i.measures.length));
}

// ---------------------------------------------------------------------------------------------
// Table 3: three columns of row headings (一、… / 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密).

/** Table 3's heading columns. */
export const APPLICATION_HEAD_COLUMNS = 3;

export interface ApplicationRowLayout {
	def: ApplicationRowDef;
	/** The heading cells this row starts with (a heading that spans rows is in the first of them). */
	heads: Head[];
	/** The row's headings as a path, outermost first: what names it outside the grid. */
	path: string[];
}

const isOutcome = (r: ApplicationRowDef) => r.group !== undefined || r.key === 'total_processed';

/**
 * The rows of a template's Table 3 with their headings: 一、 and 二、 across all three heading
 * columns; every outcome row under 三、本年度办理结果; a group's numbered rows under its heading
 * (（三）不予公开); a group of one row, and （七）总计, across two columns.
 */
export function applicationRows(template: TemplateId): ApplicationRowLayout[] {
	const rows = applicationRowsOf(template);
	const outcomes = rows.filter(isOutcome);
	return rows.map((def) => {
		if (!isOutcome(def)) return { def, heads: [{ label: def.label, colspan: APPLICATION_HEAD_COLUMNS, rowspan: 1 }], path: [def.label] };
		const heads: Head[] = def === outcomes[0] ? [{ label: OUTCOMES_HEADING, colspan: 1, rowspan: outcomes.length }] : [];
		const heading = def.group ? OUTCOME_GROUP_HEADINGS[def.group] : undefined;
		const members = rows.filter((r) => r.group === def.group);
		if (heading && members.length > 1) {
			if (def === members[0]) heads.push({ label: heading, colspan: 1, rowspan: members.length });
			heads.push({ label: def.label, colspan: 1, rowspan: 1 });
			return { def, heads, path: [OUTCOMES_HEADING, heading, def.label] };
		}
		const label = heading ?? def.label;
		heads.push({ label, colspan: 2, rowspan: 1 });
		return { def, heads, path: [OUTCOMES_HEADING, label] };
	});
}

/** Table 3's header over the applicant columns. */
export function applicantHeader(): Head[][] {
	return nestedHeader(APPLICANT_COLUMN_DEFS.map((c) => c.label));
}

// ---------------------------------------------------------------------------------------------
// Table 4: one row of fifteen cells under 行政复议 and 行政诉讼 › its two kinds, each of five measures.

export const REVIEW_CELLS: readonly { group: ReviewGroup; measure: ReviewMeasure }[] = REVIEW_GROUPS.flatMap((group) =>
	REVIEW_MEASURES.map((measure) => ({ group, measure }))
);

export function reviewHeader(): Head[][] {
	return [
		...nestedHeader(
			REVIEW_GROUPS.map((g) => REVIEW_GROUP_LABELS[g]),
			REVIEW_MEASURES.length
		),
		REVIEW_CELLS.map((c) => ({ label: REVIEW_MEASURE_LABELS[c.measure], colspan: 1, rowspan: 1 }))
	];
}
