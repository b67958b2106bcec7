/**
 * A report's content laid out as the official template prints it: the title, the six numbered
 * sections, and Tables 2–4 with their header rows and merged cells. The writers turn this
 * Document into files of each format; the generator and the parser's tests both use it.
 */
import {
	APPLICANT_COLUMN_DEFS,
	APPLICANT_COLUMNS,
	OUTCOME_GROUP_LABELS,
	PROACTIVE_ITEMS,
	REVIEW_GROUPS,
	REVIEW_MEASURES,
	REVIEW_MEASURE_LABELS,
	OUTCOME_GROUPS,
	SECTIONS,
	applicationRowsOf,
	type OutcomeGroup,
	type SectionKey,
	type TemplateId
} from '../report/template.js';
import { cell, type Block, type Cell, type Document } from '../ingest/document.js';

type Grid = Record<string, Record<string, number | string | null>>;

export interface ReportContent {
	agency: string;
	year: number;
	template: TemplateId;
	applications: Grid;
	reviews: Grid;
	proactive: Grid;
	/** Each section's text; paragraphs separated by \n. */
	sections: Partial<Record<SectionKey, string>>;
}

const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function text(v: number | string | null | undefined): string {
	return v === null || v === undefined ? '' : String(v);
}

export function reportTitle(c: Pick<ReportContent, 'agency' | 'year'>): string {
	return `${c.agency}${c.year}年政府信息公开工作年度报告`;
}

export function layoutReport(c: ReportContent): Document {
	const blocks: Block[] = [{ kind: 'paragraph', text: reportTitle(c) }];
	SECTIONS.forEach((s, i) => {
		blocks.push({ kind: 'paragraph', text: `${CN_NUMBERS[i]}、${s.label}` });
		for (const p of (c.sections[s.key] ?? '').split('\n')) if (p.trim()) blocks.push({ kind: 'paragraph', text: p });
		if (s.key === 'proactive') blocks.push(proactiveTable(c));
		if (s.key === 'applications') blocks.push(applicationsTable(c));
		if (s.key === 'reviews') blocks.push(reviewsTable(c));
	});
	return { blocks };
}

function proactiveTable(c: ReportContent): Block {
	const items = PROACTIVE_ITEMS[c.template];
	const rows: Cell[][] = [];
	// Items are printed in blocks under their article of 第二十条, each with a header row.
	for (const article of new Set(items.map((i) => i.article ?? ''))) {
		const group = items.filter((i) => (i.article ?? '') === article);
		rows.push([cell(article, 1, group[0].measures.length + 1)]);
		rows.push([cell('信息内容'), ...group[0].measures.map((m) => cell(m.label))]);
		for (const item of group) {
			rows.push([cell(item.label), ...item.measures.map((m) => cell(text(c.proactive[item.key]?.[m.key])))]);
		}
	}
	return { kind: 'table', rows };
}

function applicationsTable(c: ReportContent): Block {
	const defs = applicationRowsOf(c.template);
	const resultRows = defs.filter((d) => d.group).length;
	const rows: Cell[][] = [
		[cell('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 3, 3), cell('申请人情况', 1, 7)],
		[cell('自然人', 2, 1), cell('法人或其他组织', 1, 5), cell('总计', 2, 1)],
		APPLICANT_COLUMN_DEFS.slice(1, 6).map((d) => cell(d.short === '其他组织' ? '其他' : d.short))
	];
	const seen = new Set<OutcomeGroup>();
	for (const def of defs) {
		const values = APPLICANT_COLUMNS.map((col) => cell(text(c.applications[def.key]?.[col])));
		const label: Cell[] = [];
		if (def.key === 'granted') label.push(cell('三、本年度办理结果', resultRows + 1, 1));
		if (def.group === 'granted' || def.group === 'partially_granted') {
			label.push(cell(def.label, 1, 2));
		} else if (def.group) {
			const members = defs.filter((d) => d.group === def.group).length;
			// The 2019 template's （六）其他处理 is one row with no sub-rows.
			if (members === 1 && def.group === 'other') label.push(cell(`（六）${OUTCOME_GROUP_LABELS.other}`, 1, 2));
			else {
				if (!seen.has(def.group)) label.push(cell(groupHeading(def.group), members, 1));
				label.push(cell(def.label));
			}
			seen.add(def.group);
		} else if (def.key === 'total_processed') label.push(cell(def.label, 1, 2));
		else label.push(cell(def.label, 1, 3));
		rows.push([...label, ...values]);
	}
	return { kind: 'table', rows };
}

function groupHeading(g: OutcomeGroup): string {
	return `（${CN_NUMBERS[OUTCOME_GROUPS.indexOf(g)]}）${OUTCOME_GROUP_LABELS[g]}`;
}

function reviewsTable(c: ReportContent): Block {
	const measures = REVIEW_MEASURES.map((m) => REVIEW_MEASURE_LABELS[m]);
	return {
		kind: 'table',
		rows: [
			[cell('行政复议', 1, 5), cell('行政诉讼', 1, 10)],
			[...measures.map((m) => cell(m, 2, 1)), cell('未经复议直接起诉', 1, 5), cell('复议后起诉', 1, 5)],
			[...measures.map((m) => cell(m)), ...measures.map((m) => cell(m))],
			REVIEW_GROUPS.flatMap((g) => REVIEW_MEASURES.map((m) => cell(text(c.reviews[g]?.[m]))))
		]
	};
}
