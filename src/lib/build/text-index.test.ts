/**
 * The text index: every row's bigrams as the search packs a term's, in every batch it is made
 * in; a term's bigrams are among those of any text that holds it, in any case.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { rowObjects } from '../contract/rows.js';
import { writeTextTables } from './text-index.js';
import { COMMON_BITS, COMMON_SHARES, COMMON_WORDS, commonColumn, termGrams } from '../contract/text-index.js';

/** Every pair of adjacent code points, packed as documented: written here again, not imported. */
function pairs(text: string): Set<number> {
	const cps = [...text].map((ch) => ch.codePointAt(0)! % 65536);
	return new Set(cps.slice(1).map((b, i) => cps[i] * 65536 + b));
}

const TEXTS = [
	'2025年，本机关主动公开政府信息989条。',
	'依申请公开：收到申请30件，均已答复。',
	'通过APP和H5页面公开；Ａｐｐ同步。',
	'表情😀与𠀀字，字\u0301（组合符）亦计。', // beyond the BMP, and a combining mark
	'公开公开公开', // a bigram repeated within a row counts once
	'甲',
	'乙丙',
	'本机关政府信息公开工作。',
	'政府信息公开年报'
];

async function indexed([batchChars, textBatchChars]: [number, number], texts = TEXTS) {
	const instance = await DuckDBInstance.create(':memory:');
	const c = await instance.connect();
	await c.run('CREATE TABLE report_list (id BIGINT, year INTEGER, generated BOOLEAN, name_order VARCHAR)');
	await c.run('CREATE TABLE report_sections (report_id BIGINT, section VARCHAR, text VARCHAR)');
	for (const [i, text] of texts.entries()) {
		// Two years, real and generated, agencies' places against the ids' order: rows are stored in the hits' order.
		await c.run('INSERT INTO report_list VALUES ($1, $2, $3, $4)', [100 - i, 2020 + (i % 2), i % 3 === 0, String(20 - i).padStart(2, '0')]);
		await c.run('INSERT INTO report_sections VALUES ($1, $2, $3), ($1, $4, $5)', [100 - i, 'overview', text, 'problems', '']);
	}
	await writeTextTables(c, batchChars, textBatchChars);
	const read = async (sql: string) => rowObjects(await c.runAndReadAll(sql));
	const words = Array.from({ length: COMMON_WORDS }, (_, w) => `${commonColumn(w)}::VARCHAR`).join(', ');
	const rows = (await read(
		`SELECT t.n, t.year, t.report_id, t.generated, t.name_order, [${words}] AS common, t.text
		 FROM scope_text t ORDER BY t.rowid`
	)) as {
		n: number;
		year: number;
		report_id: number;
		generated: boolean;
		name_order: string;
		common: string[]; // as text: 63 bits are more than a double holds
		text: string;
	}[];
	const grams = (await read('SELECT g, n FROM text_grams')) as { g: number; n: number }[];
	const df = (await read('SELECT g, df FROM text_gram_df')) as { g: number; df: number }[];
	const common = (await read('SELECT g, word, bit FROM text_common')) as { g: number; word: number; bit: number }[];
	const temporary = await read(`SELECT table_name FROM duckdb_tables() WHERE table_name = 'text_numbered'`);
	c.closeSync();
	instance.closeSync();
	return { rows, grams, df, common, temporary };
}

const BATCH = 40_000_000;

describe('the text index', () => {
	// A row a batch, a few rows a batch, every row in one; the text written in batches of their own.
	const sizes: [number, number][] = [
		[1, 1],
		[30, 7],
		[7, 30],
		[BATCH, 30],
		[BATCH, BATCH]
	];
	for (const [batchChars, textBatchChars] of sizes) {
		it(`holds every row’s bigrams, once each, indexed ${batchChars} and written ${textBatchChars} characters at a time`, async () => {
			const { rows, grams, df, common, temporary } = await indexed([batchChars, textBatchChars]);
			expect(temporary).toEqual([]);
			for (const [i, text] of TEXTS.entries()) {
				const row = rows.find((r) => r.report_id === 100 - i)!;
				// A row's number is its report's and its section's (overview: 1), whatever else is stored.
				expect([row.n, row.text, row.generated, row.name_order]).toEqual([(100 - i) * 8 + 1, text, i % 3 === 0, String(20 - i).padStart(2, '0')]);
			}
			// Stored in the order of hits: real reports first, the latest year, the agency's place.
			const hitOrder = [...rows].sort(
				(a, b) => Number(a.generated) - Number(b.generated) || b.year - a.year || (a.name_order < b.name_order ? -1 : a.name_order > b.name_order ? 1 : 0)
			);
			expect(rows.map((r) => r.report_id)).toEqual(hitOrder.map((r) => r.report_id));
			for (const r of rows) {
				const of = grams.filter((x) => x.n === r.n).map((x) => x.g);
				expect(of.length).toBe(new Set(of).size);
				expect(new Set(of)).toEqual(pairs(r.text));
			}
			const counted = new Map<number, number>();
			for (const r of rows) for (const g of pairs(r.text)) counted.set(g, (counted.get(g) ?? 0) + 1);
			expect(new Map(df.map((x) => [x.g, x.df]))).toEqual(counted);
			// The bigrams in more than the first share of the rows at which they fit in the words,
			// by number, each a bit of a word: of every row holding it.
			const share = COMMON_SHARES.find((x) => [...counted.values()].filter((n) => n > rows.length * x).length <= COMMON_WORDS * COMMON_BITS)!;
			const commonest = [...counted].filter(([, n]) => n > rows.length * share).sort((a, b) => a[0] - b[0]);
			const rank = (x: { word: number; bit: number }) => x.word * COMMON_BITS + x.bit;
			expect(common.sort((a, b) => rank(a) - rank(b)).map((x) => x.g)).toEqual(commonest.map(([g]) => g));
			expect(common.map(rank)).toEqual(common.map((_, i) => i));
			expect(common.some((x) => x.word > 0)).toBe(true);
			for (const r of rows) {
				const held = Array.from({ length: COMMON_WORDS }, (_, w) =>
					common.filter((x) => x.word === w && pairs(r.text).has(x.g)).reduce((mask, x) => mask | (1n << BigInt(x.bit)), 0n)
				);
				expect(r.common.map(BigInt), r.text).toEqual(held);
			}
		});
	}

	it('stores rows in the order of hits: a tie in the agency’s place broken by report, a report’s sections in the template’s order', async () => {
		const instance = await DuckDBInstance.create(':memory:');
		const c = await instance.connect();
		await c.run('CREATE TABLE report_list (id BIGINT, year INTEGER, generated BOOLEAN, name_order VARCHAR)');
		await c.run('CREATE TABLE report_sections (report_id BIGINT, section VARCHAR, text VARCHAR)');
		// Two agencies of one name (one place), a real report and a generated one, two years.
		await c.run(`INSERT INTO report_list VALUES (32024, 2024, false, '5'), (22024, 2024, false, '5'), (12025, 2025, true, '1'), (42023, 2023, false, '1')`);
		for (const id of [32024, 22024, 12025, 42023]) {
			await c.run(
				`INSERT INTO report_sections VALUES ($1, 'problems', '问题'), ($1, 'overview', '概述'), ($1, 'proactive', ''), ($1, 'reviews', '复议'), ($1, 'applications', '申请')`,
				[id]
			);
		}
		await writeTextTables(c, BATCH, BATCH);
		const rows = rowObjects(await c.runAndReadAll('SELECT n, report_id, section FROM scope_text ORDER BY rowid'));
		c.closeSync();
		instance.closeSync();
		const inOrder = [22024, 32024, 42023, 12025].flatMap((id) =>
			['overview', 'applications', 'reviews', 'problems'].map((section) => ({ report_id: id, section }))
		);
		expect(rows.map((r) => ({ report_id: r.report_id, section: r.section }))).toEqual(inOrder);
		const position = { overview: 1, applications: 3, reviews: 4, problems: 5 } as Record<string, number>;
		expect(rows.map((r) => r.n)).toEqual(inOrder.map((r) => r.report_id * 8 + position[r.section]));
	});

	it('of a corpus without text is empty', async () => {
		const { rows, grams, df, common } = await indexed([BATCH, BATCH], []);
		expect([rows, grams, df, common]).toEqual([[], [], [], []]);
	});

	it('a term’s bigrams are those all its spellings share: any row holding one of them holds these', () => {
		expect(new Set(termGrams(['公开政府']))).toEqual(pairs('公开政府'));
		expect(new Set(termGrams(['😀与𠀀字，字\u0301']))).toEqual(pairs('😀与𠀀字，字\u0301'));
		// APP, app: only the pairs without a letter are in every spelling.
		expect(termGrams(['APP和公开H5', 'app和公开h5'])).toEqual([...pairs('和公开')]);
		expect(termGrams(['Ａｐｐ同步', 'ＡＰＰ同步', 'ａｐｐ同步'])).toEqual([...pairs('同步')]);
		expect(termGrams(['公开公开'])).toEqual([...pairs('公开公开')]);
		expect(termGrams(['公'])).toEqual([]);
		expect(termGrams([])).toEqual([]);
	});
});
