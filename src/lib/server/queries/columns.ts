/**
 * The column types the queries' row schemas share: what comes back from the database is parsed
 * once, here, into the types the rest of the code uses (enums, typed cell references), so that
 * no route or component casts a row.
 */
import { z } from 'zod';
import { AGENCY_LEVELS } from '../../report/agencies.js';
import { SEVERITIES } from '../../checks/types.js';
import { RULE_IDS } from '../../checks/rules.js';
import { TABLE_KEYS, TEMPLATE_IDS } from '../../report/template.js';
import { SOURCE_FORMATS } from '../../report/schema.js';
import { REJECTION_CODE_LIST } from '../../report/rejections.js';

export const Id = z.number().int();
export const Level = z.enum(AGENCY_LEVELS);
export const Severity = z.enum(SEVERITIES);
export const RuleId = z.enum(RULE_IDS);
export const Template = z.enum(TEMPLATE_IDS);
export const Format = z.enum(SOURCE_FORMATS);
export const RejectionCode = z.enum(REJECTION_CODE_LIST);

export const CellRef = z.object({ table: z.enum(TABLE_KEYS), row: z.string(), col: z.string() });
export type CellRef = z.infer<typeof CellRef>;

/** A finding's cells, stored as JSON text: parsed into cell references (none when NULL). */
export const CellRefs = z
	.string()
	.nullable()
	.transform((text, ctx): CellRef[] => {
		if (!text) return [];
		const parsed = z.array(CellRef).safeParse(JSON.parse(text));
		if (parsed.success) return parsed.data;
		ctx.addIssue({ code: 'custom', message: `单元格引用无效：${text.slice(0, 80)}` });
		return z.NEVER;
	});
