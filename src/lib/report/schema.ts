/**
 * The Report: one agency's annual report, as parsed. This zod schema is the boundary between
 * ingestion and everything after it: every parse is validated against it.
 *
 * Shape (see shared/spec/interfaces.md): values are numbers or null (blank in the source, or
 * not readable: then a warning says why). `raw` mirrors the three tables with the cell's text
 * as published, null where no cell was found at all.
 */
import { z } from 'zod';
import { MAX_YEAR, MIN_YEAR } from './ids.js';
import {
	APPLICANT_COLUMNS,
	APPLICATION_ROW_KEYS,
	PROACTIVE_ITEMS,
	REVIEW_GROUPS,
	REVIEW_MEASURES,
	SECTION_KEYS,
	TEMPLATE_IDS,
	type TemplateId
} from './template.js';

const value = z.number().finite().nullable();
const rawText = z.string().nullable();

function grid<V extends z.ZodType>(rows: readonly string[], cols: readonly string[], cell: V) {
	const row = z.strictObject(Object.fromEntries(cols.map((c) => [c, cell])) as Record<string, V>);
	return z.strictObject(Object.fromEntries(rows.map((r) => [r, row])) as Record<string, typeof row>);
}

export const ApplicationsSchema = grid(APPLICATION_ROW_KEYS, APPLICANT_COLUMNS, value);
export const ReviewsSchema = grid(REVIEW_GROUPS, REVIEW_MEASURES, value);
/** Table 2's items depend on the template; the refinement on Report checks them. */
export const ProactiveSchema = z.record(z.string(), z.record(z.string(), value));

export const WarningSchema = z.strictObject({
	/** Stable machine code, e.g. `value_unreadable`, `table_missing`. */
	code: z.string(),
	/** Chinese, for the supervisor. */
	message: z.string(),
	/** A cell path `applications.total_processed.total`, a section key, or a place in the file. */
	where: z.string().optional()
});
export type ReportWarning = z.infer<typeof WarningSchema>;

/** The formats reports are read from: 'doc' is Word 97–2003 binary (.doc, and .wps), 'md' markdown. */
export const SOURCE_FORMATS = ['txt', 'html', 'docx', 'pdf', 'doc', 'md'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export const ReportSchema = z
	.strictObject({
		agency: z.string().min(1).nullable(),
		year: z.number().int().min(MIN_YEAR).max(MAX_YEAR).nullable(),
		template: z.enum(TEMPLATE_IDS),
		title: z.string().nullable(),
		format: z.enum(SOURCE_FORMATS),
		applications: ApplicationsSchema,
		reviews: ReviewsSchema,
		proactive: ProactiveSchema,
		sections: z.strictObject(
			Object.fromEntries(SECTION_KEYS.map((k) => [k, z.string().nullable()])) as Record<(typeof SECTION_KEYS)[number], z.ZodNullable<z.ZodString>>
		),
		raw: z.strictObject({
			applications: grid(APPLICATION_ROW_KEYS, APPLICANT_COLUMNS, rawText),
			reviews: grid(REVIEW_GROUPS, REVIEW_MEASURES, rawText),
			proactive: z.record(z.string(), z.record(z.string(), rawText))
		}),
		/** When the file says it was published (YYYY-MM-DD), and where; null when it does not say. */
		published: z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), source: z.string() }).nullable(),
		warnings: z.array(WarningSchema)
	})
	.superRefine((r, ctx) => {
		// Table 2 carries exactly the items and measures of the report's template.
		for (const part of ['proactive', 'raw'] as const) {
			const table = part === 'raw' ? r.raw.proactive : r.proactive;
			const expected = PROACTIVE_ITEMS[r.template as TemplateId];
			const items = Object.keys(table);
			if (items.length !== expected.length || expected.some((i) => !(i.key in table))) {
				ctx.addIssue({ code: 'custom', message: `${part} Table 2 items do not match template ${r.template}` });
				continue;
			}
			for (const item of expected) {
				const measures = Object.keys(table[item.key]);
				if (measures.length !== item.measures.length || item.measures.some((m) => !(m.key in table[item.key]))) {
					ctx.addIssue({ code: 'custom', message: `${part} Table 2 ${item.key} measures do not match template ${r.template}` });
				}
			}
		}
	});

export type Report = z.infer<typeof ReportSchema>;
export type Applications = Report['applications'];
export type Reviews = Report['reviews'];
export type Proactive = Report['proactive'];
