/**
 * Recognition: a Document (from any reader) becomes a Report by the template's labels.
 */
import { PROACTIVE_ITEMS, SECTIONS, TEMPLATE_NAMES } from '../../report/template.js';
import type { Report, ReportWarning, SourceFormat } from '../../report/schema.js';
import type { Document } from '../document.js';
import { linearize } from './rows.js';
import { findIdentity } from './title.js';
import { splitInlineSections, splitSections, type SectionSplit } from './sections.js';
import { closingDate } from '../published.js';
import { detectTemplate, readApplications, readProactive, readReviews, type TableResult } from './tables.js';
import { readFlattened } from './flattened.js';
import { checkByArithmetic } from './arithmetic.js';

/** A Report before validation, and whether anything of a report was found at all. */
export interface Recognized {
	report: Report;
	/** False when neither a title, nor sections, nor a table of the template was found. */
	looksLikeReport: boolean;
}

export function recognize(doc: Document, format: SourceFormat): Recognized {
	const warnings: ReportWarning[] = [];
	const warn = (w: ReportWarning) => warnings.push(w);
	const items = linearize(doc);

	const id = findIdentity(items, doc.title);
	if (id.inferred && (id.agency || id.year)) {
		warn({ code: 'title_missing', message: '未找到报告标题：单位和年度取自正文', where: 'title' });
	}
	if (!id.agency) warn({ code: 'agency_unknown', message: '无法确定报告单位', where: 'title' });
	if (!id.year) warn({ code: 'year_unknown', message: '无法确定报告年度', where: 'title' });

	const template = detectTemplate(items, id.year);
	let tableWarnings: ReportWarning[] = [];
	const tableWarn = (w: ReportWarning) => tableWarnings.push(w);
	let applications: TableResult = readApplications(items, template, tableWarn, { byOrder: !!doc.ocr });
	let proactive: TableResult;
	let reviews: TableResult;
	let split: SectionSplit;
	if (applications.span) {
		const t3start = applications.span[0];
		proactive = readProactive(items, t3start, template, tableWarn);
		reviews = readReviews(items, applications.span[1] + 1, tableWarn);
		const spans = [proactive.span, applications.span, reviews.span].filter((s): s is [number, number] => !!s);
		split = splitSections(items, (i) => spans.some(([a, b]) => i > a && i < b));
	} else {
		// No Table 3 as a grid: perhaps its cells ran together in the page text.
		const text = items.map((it) => (it.kind === 'paragraph' ? it.text : it.cells.map((c) => c.text).join(' '))).join('\n');
		const flatWarnings: ReportWarning[] = [];
		const flat = readFlattened(text, template, (w) => flatWarnings.push(w));
		if (flat) {
			tableWarnings = flatWarnings;
			({ applications, proactive, reviews } = flat);
			split = splitInlineSections(text, flat.tableSpan);
		} else {
			proactive = readProactive(items, items.length, template, tableWarn);
			reviews = readReviews(items, 0, tableWarn);
			split = splitSections(items, () => false);
		}
	}
	warnings.push(...tableWarnings);
	const { sections, headings } = split;
	for (const s of SECTIONS) {
		if (headings[s.key] === undefined) warn({ code: 'section_missing', message: `未找到第「${s.label}」部分`, where: s.key });
	}
	if (id.year !== null && id.year >= 2021 !== (template === '2021')) {
		warn({ code: 'template_year', message: `${id.year}年度报告使用了${TEMPLATE_NAMES[template]}的表格格式`, where: 'template' });
	}

	const report = {
		agency: id.agency,
		year: id.year,
		template,
		title: id.title,
		format,
		applications: applications.values,
		reviews: reviews.values,
		proactive: proactive.values,
		sections,
		raw: { applications: applications.raw, reviews: reviews.raw, proactive: proactive.raw },
		published: doc.published ?? closingDate(doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []))),
		warnings
	} as Report;
	// Keep the item order of the template in Table 2, whatever order the rows came in.
	report.proactive = Object.fromEntries(PROACTIVE_ITEMS[template].map((i) => [i.key, proactive.values[i.key]]));

	// Text read from page images: only what the tables' arithmetic confirms is kept.
	if (doc.ocr) checkByArithmetic(report, warn);

	const looksLikeReport = !!id.title || !!applications.span || Object.keys(headings).length >= 2;
	return { report, looksLikeReport };
}
