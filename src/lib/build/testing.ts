/**
 * What the store's tests share: a database read back through SQL, and small report files made
 * from the official layout (generated, with the figures a test names).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { layoutReport, type ReportContent } from '../generate/layout.js';
import { writeText } from '../generate/writers/text.js';
import { APPLICANT_COLUMNS, APPLICATION_ROW_KEYS, PROACTIVE_ITEMS } from '../report/template.js';
import { rowObjects } from '../contract/rows.js';

export async function query<T = Record<string, unknown>>(db: string, sql: string, params: (string | number)[] = []): Promise<T[]> {
	const i = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
	try {
		const c = await i.connect();
		const rows = rowObjects(await c.runAndReadAll(sql, params)) as T[];
		c.closeSync();
		return rows;
	} finally {
		i.closeSync();
	}
}

/**
 * A report of the 2021 template as text: every cell 0 but `n` applications received, granted and
 * processed; `edit` changes the content before it is laid out (a blank, another figure).
 */
export function sampleReport(
	agency: string,
	year: number,
	n: number,
	overview = `${year}年，本单位认真落实政务公开工作。`,
	edit: (c: ReportContent) => void = () => {}
): string {
	const content: ReportContent = {
		agency,
		year,
		template: '2021',
		applications: Object.fromEntries(APPLICATION_ROW_KEYS.map((r) => [r, Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, 0]))])),
		reviews: Object.fromEntries(
			['review', 'litigation_direct', 'litigation_after_review'].map((g) => [g, { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 }])
		),
		proactive: Object.fromEntries(PROACTIVE_ITEMS['2021'].map((i) => [i.key, Object.fromEntries(i.measures.map((m) => [m.key, 0]))])),
		sections: { overview, problems: '无。', other_matters: '无。' }
	};
	for (const r of ['new_received', 'granted', 'total_processed']) content.applications[r] = { ...content.applications[r], natural_person: n, total: n };
	edit(content);
	return writeText(layoutReport(content));
}
