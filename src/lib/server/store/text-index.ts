/**
 * The reports' text as /search reads it, and the index that narrows a search of it.
 *
 * Chinese has no spaces to split words at, so the index is of bigrams — every pair of adjacent
 * characters, as CJK search engines index Chinese — with the rows of `scope_text` each occurs in:
 * a term's rows are among those of its rarest bigrams. A bigram is two code points packed in 32
 * bits (each taken modulo 2¹⁶: a character beyond the BMP shares its bits with another, so two
 * bigrams may be packed alike, which only widens the rows to check, never narrows them). The
 * rows found are checked with contains(), so a search's answer is exact; what the index saves is
 * reading and checking the text of every row.
 *
 * - `scope_text`: each section's text that has any, numbered (`n`) in the order it is stored,
 *   which is the order of a search's hits (HIT_ORDER: real reports first, the latest year, the
 *   agency in Chinese order): a page of hits is the smallest numbers, and a year's rows lie in
 *   two runs (its real reports', its generated ones'), so that a year's search reads those only.
 *   With it: its report's number among those with text (`report_n`, dense: the reports among hits
 *   are counted as bits); and `common0`…`common3`, a bit for each of the commonest bigrams the
 *   row holds (text_common).
 *   The text is stored uncompressed: a Chinese term's first byte is one of a few, so contains()
 *   looks at nearly every character anyway, and with FSST every row group a candidate lies in was
 *   decompressed whole (at 1.2M reports: 250 ms to check 26,000 candidate rows compressed, 70 ms
 *   uncompressed; docs/scaling.md).
 * - `text_grams (g, n)`: a row of scope_text (`n`) that holds bigram `g`, sorted by bigram within
 *   each batch of rows it was made in, so that zone maps find a bigram's rows in a few row groups.
 * - `text_gram_df (g, df)`: how many rows hold each bigram: which of a term's bigrams narrow most,
 *   and a bigram no row holds answers the search at once.
 * - `text_common (g, word, bit)`: the bigrams too common to narrow by rows (NARROWS), the
 *   commonest 252, each a bit of a row's `common{word}`: a term made of them (政府信息公开) is
 *   checked only in the rows whose bits hold them all.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SECTION_KEYS } from '../../report/template.js';
import { sqlList } from '../sql.js';

/**
 * Characters of text indexed at a time, in whole rows: what a batch's sort holds is bounded, not
 * the corpus nor the length of its sections (a real report's run 1,500–4,500 characters, a
 * generated one's a line or two).
 */
const BATCH_CHARS = 40_000_000;
/**
 * Characters of scope_text written at a time: a write sorts its rows with their text, so it is
 * kept smaller than a batch of the index, whose rows are sorted by bigram within it (a search
 * reads a row group of a bigram's rows per batch). At 1.2M reports the serving step peaked at
 * 710 MB with every batch of 40 million characters and at 650 MB writing the text 10 million at a
 * time (586 MB with the index's batches at 10 million too, which spread each bigram's rows over
 * four times the row groups).
 */
const TEXT_BATCH_CHARS = 10_000_000;

/**
 * A bigram narrows a search when at most this share of the rows holds it. The rows of a bigram
 * are matched with every row by a hash join: at 1.2M reports (3.6M rows) 26,000 candidates took
 * 70 ms, 305,000 took 134 ms, and 816,000 (23%) took longer than contains() on every row. The
 * commoner bigrams are kept as bits of each row instead (`common0`…), which cost next to
 * nothing to test.
 */
export const NARROWS = 1 / 10;
/**
 * A row's bits of common bigrams: COMMON_WORDS BIGINTs of COMMON_BITS each (the sign bit left
 * alone), for the commonest bigrams beyond NARROWS. At 1.2M generated reports 282 bigrams are in
 * more than a tenth of the rows; 63 bits left terms like 本机关 (23% of the rows) to a read of all.
 */
export const COMMON_WORDS = 4;
export const COMMON_BITS = 63;
/** The column of a row's bits for the bigrams of `text_common.word`. */
export const commonColumn = (word: number) => `common${word}`;
const WORDS = Array.from({ length: COMMON_WORDS }, (_, w) => w);

/** SQL of a row's bigrams, as packed by `termGrams`: distinct within the row. */
const ROW_GRAMS = `list_distinct(list_transform(range(1, len(cp)), i -> cp[i] * 65536::UINTEGER + cp[i + 1]))`;
const CODE_POINTS = `list_transform(string_split(text, ''), ch -> (unicode(ch) & 65535)::UINTEGER)`;

/** scope_text and its index, made from report_sections and report_list (a serving table made before). */
export async function writeTextTables(c: DuckDBConnection, batchChars = BATCH_CHARS, textBatchChars = TEXT_BATCH_CHARS) {
	await writeNumberedText(c);
	await writeGrams(c, await batchesOf(c, batchChars));
	await writeCommon(c, await batchesOf(c, textBatchChars));
	await c.run('DROP TABLE text_numbered');
}

/** Ranges of row numbers [first, last] of at most `chars` characters each (or one row, when longer). */
async function batchesOf(c: DuckDBConnection, chars: number): Promise<[number, number][]> {
	const rows = await c.runAndReadAll(
		`SELECT min(n)::INTEGER, max(n)::INTEGER FROM (SELECT n, (sum(length(text)) OVER (ORDER BY n) - length(text)) // $1 AS batch FROM text_numbered)
		 GROUP BY batch ORDER BY 1`,
		[chars]
	);
	return rows.getRows().map(([first, last]) => [Number(first), Number(last)]);
}

/**
 * The order of a search's hits: real reports first, the latest year, the agency in Chinese order
 * (report_list.name_order), then the report; a report's sections in the template's order.
 */
const REPORT_ORDER = 'r.generated, r.year DESC, r.name_order, r.id';
const HIT_ORDER = `${REPORT_ORDER}, list_position(${sqlList(SECTION_KEYS)}, s.section)`;

/**
 * Each section's text, numbered in the order of hits (HIT_ORDER). Numbered over the keys alone;
 * the text joins them for the one sort that stores it in order. Temporary: the database file
 * keeps only scope_text, made from it with each row's bits (writeCommon).
 */
async function writeNumberedText(c: DuckDBConnection) {
	await c.run(`CREATE OR REPLACE TEMP TABLE text_numbered AS
		WITH k AS (SELECT row_number() OVER (ORDER BY ${HIT_ORDER})::INTEGER AS n, r.year, s.report_id,
		                  dense_rank() OVER (ORDER BY ${REPORT_ORDER})::INTEGER AS report_n, s.section, r.generated
		           FROM report_sections s JOIN report_list r ON r.id = s.report_id WHERE s.text <> '')
		SELECT k.*, s.text FROM k JOIN report_sections s USING (report_id, section) ORDER BY k.n`);
}

/** text_grams, a batch of rows at a time, each batch sorted by bigram; then text_gram_df. */
async function writeGrams(c: DuckDBConnection, batches: [number, number][]) {
	await c.run('CREATE OR REPLACE TABLE text_grams (g UINTEGER NOT NULL, n INTEGER NOT NULL)');
	for (const batch of batches) {
		await c.run(
			`INSERT INTO text_grams
			 SELECT g, n FROM (SELECT n, unnest(${ROW_GRAMS}) AS g FROM (SELECT n, ${CODE_POINTS} AS cp FROM text_numbered WHERE n BETWEEN $1 AND $2))
			 ORDER BY g, n`,
			batch
		);
	}
	await c.run('CREATE OR REPLACE TABLE text_gram_df AS SELECT g, count(*)::INTEGER AS df FROM text_grams GROUP BY g ORDER BY g');
}

/**
 * text_common (the commonest bigrams and their bits), and scope_text: the numbered text with each
 * row's bits, a batch of text at a time (its bigrams lie within one or two of the index's batches,
 * each in row groups of its own in text_grams).
 */
async function writeCommon(c: DuckDBConnection, batches: [number, number][]) {
	await c.run(
		`CREATE OR REPLACE TABLE text_common AS
		 WITH ranked AS (SELECT g, (row_number() OVER (ORDER BY df DESC, g) - 1)::INTEGER AS rank FROM text_gram_df
		                 WHERE df > (SELECT count(*) FROM text_numbered) * $1)
		 SELECT g, rank // $2 AS word, rank % $2 AS bit FROM ranked WHERE rank < $2 * $3 ORDER BY rank`,
		[NARROWS, COMMON_BITS, COMMON_WORDS]
	);
	const columns = WORDS.map((w) => commonColumn(w));
	await c.run(`CREATE OR REPLACE TABLE scope_text (
		n INTEGER NOT NULL, year INTEGER NOT NULL, report_id BIGINT NOT NULL, report_n INTEGER NOT NULL, section VARCHAR NOT NULL,
		generated BOOLEAN NOT NULL, ${columns.map((col) => `${col} BIGINT NOT NULL`).join(', ')},
		text VARCHAR NOT NULL USING COMPRESSION uncompressed)`);
	for (const batch of batches) {
		await c.run(
			`INSERT INTO scope_text
			 WITH bits AS (SELECT t.n, ${WORDS.map((w) => `bit_or(CASE WHEN k.word = ${w} THEN 1::BIGINT << k.bit ELSE 0 END) AS ${columns[w]}`).join(', ')}
			               FROM text_grams t JOIN text_common k USING (g) WHERE t.n BETWEEN $1 AND $2 GROUP BY t.n)
			 SELECT x.n, x.year, x.report_id, x.report_n, x.section, x.generated, ${columns.map((col) => `coalesce(b.${col}, 0)`).join(', ')}, x.text
			 FROM text_numbered x LEFT JOIN bits b USING (n) WHERE x.n BETWEEN $1 AND $2 ORDER BY x.n`,
			batch
		);
	}
}

/** A text's bigrams, packed as the index packs them (ROW_GRAMS over CODE_POINTS), once each. */
function bigrams(text: string): Set<number> {
	const cps = [...text].map((ch) => ch.codePointAt(0)! & 0xffff);
	return new Set(cps.slice(1).map((next, i) => cps[i] * 65536 + next));
}

/**
 * The bigrams every row holding a term holds, whichever of its spellings the row has (the term
 * as written, upper and lower case: APP, app): those all the spellings share.
 */
export function termGrams(spellings: string[]): number[] {
	const [first, ...others] = spellings.map(bigrams);
	return first ? [...first].filter((g) => others.every((o) => o.has(g))) : [];
}
