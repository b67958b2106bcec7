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
 * - `scope_text`: each section's text that has any, numbered (`n`) by its report and its
 *   section's place in the template — a number no other row's change moves, so that a commit
 *   rewrites only its reports' rows — and stored in the order of a search's hits (HIT_ORDER:
 *   real reports first, the latest year, the agency in Chinese order), which a search sorts its
 *   hits by: a year's rows lie in two runs (its real reports', its generated ones'), so that a
 *   year's search reads those only. Rows a commit adds go at the end (a whole build sorts them
 *   in). With it `common0`…`common3`, a bit for each of the commonest bigrams the row holds
 *   (text_common).
 * - `text_grams (g, n)`: a row of scope_text (`n`) that holds bigram `g`, sorted by bigram within
 *   each batch of rows it was made in (a commit's rows are a batch), so that zone maps find a
 *   bigram's rows in a few row groups.
 * - `text_gram_df (g, df)`: how many rows hold each bigram: which of a term's bigrams narrow most,
 *   and a bigram no row holds answers the search at once.
 * - `text_common (g, word, bit)`: the bigrams too common to narrow by rows (NARROWS), as many as
 *   the bits hold (COMMON_SHARES), each a bit of a row's `common{word}`: a term made of them
 *   (政府信息公开) is checked only in the rows whose bits hold them all.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { COMMON_BITS, COMMON_SHARES, COMMON_WORDS, HIT_ORDER, ROW_NUMBER, commonColumn } from '../contract/text-index.js';

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

const WORDS = Array.from({ length: COMMON_WORDS }, (_, w) => w);

/** SQL of a row's bigrams, as packed by `termGrams`: distinct within the row. */
const ROW_GRAMS = `list_distinct(list_transform(range(1, len(cp)), i -> cp[i] * 65536::UINTEGER + cp[i + 1]))`;
const CODE_POINTS = `list_transform(string_split(text, ''), ch -> (unicode(ch) & 65535)::UINTEGER)`;

/** The rows to index: each section's text that has any, with what orders the hits, from report_list. */
const TEXT_ROWS = `SELECT ${ROW_NUMBER} AS n, r.year, s.report_id, s.section, r.generated, r.name_order, s.text
	FROM report_sections s JOIN report_list r ON r.id = s.report_id WHERE s.text <> ''`;

/** scope_text and its index, made from report_sections and report_list (a serving table made before). */
export async function writeTextTables(c: DuckDBConnection, batchChars = BATCH_CHARS, textBatchChars = TEXT_BATCH_CHARS) {
	await writeNumberedText(c, `SELECT k.* FROM (${TEXT_ROWS}) k`);
	await c.run('CREATE OR REPLACE TABLE text_grams (g UINTEGER NOT NULL, n BIGINT NOT NULL)');
	await writeGrams(c, await batchesOf(c, batchChars));
	await c.run('CREATE OR REPLACE TABLE text_gram_df AS SELECT g, count(*)::INTEGER AS df FROM text_grams GROUP BY g ORDER BY g');
	await writeCommon(c, await count(c, 'text_numbered'));
	await createScopeText(c);
	await writeRows(c, await batchesOf(c, textBatchChars));
	await c.run('DROP TABLE text_numbered');
}

/**
 * The index brought up to date with the rows of the changed reports (changes.ts): their old rows
 * and bigrams removed, their new ones added, the bigrams' counts moved by the difference; when
 * that changes which bigrams are common, every row's bits are made again.
 */
export async function updateTextTables(c: DuckDBConnection, changed: string) {
	await c.run(`CREATE OR REPLACE TEMP TABLE text_gone AS SELECT n FROM scope_text WHERE report_id IN ${changed}`);
	await c.run(`CREATE OR REPLACE TEMP TABLE text_delta AS SELECT g, -count(*) AS d FROM text_grams WHERE n IN (SELECT n FROM text_gone) GROUP BY g`);
	await c.run('DELETE FROM text_grams WHERE n IN (SELECT n FROM text_gone)');
	await c.run(`DELETE FROM scope_text WHERE report_id IN ${changed}`);
	await writeNumberedText(c, `SELECT k.* FROM (${TEXT_ROWS}) k WHERE k.report_id IN ${changed}`);
	const batches = await batchesOf(c, BATCH_CHARS);
	await c.run(`CREATE OR REPLACE TEMP TABLE text_new_grams (g UINTEGER, n BIGINT)`);
	for (const batch of batches) await c.run(`INSERT INTO text_new_grams ${ROW_GRAMS_OF_BATCH}`, batch);
	await c.run('INSERT INTO text_grams SELECT g, n FROM text_new_grams ORDER BY g, n');
	await c.run('INSERT INTO text_delta SELECT g, count(*) FROM text_new_grams GROUP BY g');
	await c.run(`CREATE OR REPLACE TEMP TABLE text_df AS
		SELECT g, (coalesce(any_value(f.df), 0) + coalesce(sum(d.d), 0))::INTEGER AS df FROM text_delta d FULL JOIN text_gram_df f USING (g)
		WHERE g IN (SELECT g FROM text_delta) GROUP BY g`);
	await c.run('DELETE FROM text_gram_df WHERE g IN (SELECT g FROM text_df)');
	await c.run('INSERT INTO text_gram_df SELECT g, df FROM text_df WHERE df > 0');
	const before = await commonKey(c);
	await writeCommon(c, (await count(c, 'scope_text')) + (await count(c, 'text_numbered')));
	const rewrite = (await commonKey(c)) !== before;
	if (!rewrite) await writeRows(c, await batchesOf(c, TEXT_BATCH_CHARS));
	for (const t of ['text_numbered', 'text_gone', 'text_delta', 'text_new_grams', 'text_df']) await c.run(`DROP TABLE ${t}`);
	// Other bigrams are common now: every row's bits change, and the whole index is made again (seldom).
	if (rewrite) await writeTextTables(c);
}

const count = async (c: DuckDBConnection, table: string) => Number((await c.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0][0]);

/** Ranges of row numbers [first, last] of at most `chars` characters each (or one row, when longer), in the order of hits. */
async function batchesOf(c: DuckDBConnection, chars: number): Promise<[number, number][]> {
	const rows = await c.runAndReadAll(
		`SELECT min(k)::INTEGER, max(k)::INTEGER FROM (SELECT k, (sum(length(text)) OVER (ORDER BY k) - length(text)) // $1 AS batch FROM text_numbered)
		 GROUP BY batch ORDER BY 1`,
		[chars]
	);
	return rows.getRows().map(([first, last]) => [Number(first), Number(last)]);
}

/** The rows of `select` (TEXT_ROWS' columns), each with its place in the order of hits (`k`), stored in that order. Temporary. */
async function writeNumberedText(c: DuckDBConnection, select: string) {
	await c.run(`CREATE OR REPLACE TEMP TABLE text_numbered AS
		SELECT row_number() OVER (ORDER BY ${HIT_ORDER('x')})::INTEGER AS k, x.* FROM (${select}) x ORDER BY k`);
}

/** SQL of the bigrams (g, n) of a batch of the numbered rows (k BETWEEN $1 AND $2). */
const ROW_GRAMS_OF_BATCH = `SELECT g, n FROM (SELECT n, unnest(${ROW_GRAMS}) AS g FROM (SELECT n, ${CODE_POINTS} AS cp FROM text_numbered WHERE k BETWEEN $1 AND $2))`;

/** text_grams, a batch of rows at a time, each batch sorted by bigram. */
async function writeGrams(c: DuckDBConnection, batches: [number, number][]) {
	for (const batch of batches) await c.run(`INSERT INTO text_grams ${ROW_GRAMS_OF_BATCH} ORDER BY g, n`, batch);
}

/** text_common from text_gram_df: the common bigrams (COMMON_SHARES) of `rows` rows and their bits. */
async function writeCommon(c: DuckDBConnection, rows: number) {
	const capacity = COMMON_BITS * COMMON_WORDS;
	let share = COMMON_SHARES[COMMON_SHARES.length - 1];
	for (const s of COMMON_SHARES) {
		const n = Number((await c.runAndReadAll('SELECT count(*) FROM text_gram_df WHERE df > $1', [rows * s])).getRows()[0][0]);
		if (n <= capacity) {
			share = s;
			break;
		}
	}
	await c.run(
		`CREATE OR REPLACE TABLE text_common AS
		 WITH members AS (SELECT g, (row_number() OVER (ORDER BY g) - 1)::INTEGER AS rank FROM text_gram_df WHERE df > $1)
		 SELECT g, rank // $2 AS word, rank % $2 AS bit FROM members WHERE rank < $3 ORDER BY g`,
		[rows * share, COMMON_BITS, capacity]
	);
}

/** What text_common holds, to tell whether a commit changed it. */
async function commonKey(c: DuckDBConnection): Promise<string> {
	const rows = await c.runAndReadAll(`SELECT coalesce(string_agg(g::VARCHAR || ':' || word || ':' || bit, ',' ORDER BY g), '') FROM text_common`);
	return String(rows.getRows()[0][0]);
}

const WORD_BITS = WORDS.map((w) => `bit_or(CASE WHEN k.word = ${w} THEN 1::BIGINT << k.bit ELSE 0 END) AS ${commonColumn(w)}`).join(', ');

async function createScopeText(c: DuckDBConnection) {
	const columns = WORDS.map((w) => commonColumn(w));
	await c.run(`CREATE OR REPLACE TABLE scope_text (
		n BIGINT NOT NULL, year INTEGER NOT NULL, report_id BIGINT NOT NULL, section VARCHAR NOT NULL, generated BOOLEAN NOT NULL,
		name_order VARCHAR NOT NULL, ${columns.map((col) => `${col} BIGINT NOT NULL`).join(', ')},
		text VARCHAR NOT NULL USING COMPRESSION uncompressed)`);
}

/**
 * The numbered rows into scope_text, with each row's bits, a batch of text at a time, in the
 * order of hits. The bits come from the batch's own text: its rows in text_grams are spread
 * over every batch's row groups (a row's number is its report's, not its place).
 */
async function writeRows(c: DuckDBConnection, batches: [number, number][]) {
	const columns = WORDS.map((w) => commonColumn(w));
	for (const batch of batches) {
		await c.run(
			`INSERT INTO scope_text
			 WITH rows AS (SELECT * FROM text_numbered WHERE k BETWEEN $1 AND $2),
			 bits AS (SELECT t.n, ${WORD_BITS} FROM (${ROW_GRAMS_OF_BATCH}) t JOIN text_common k USING (g) GROUP BY t.n)
			 SELECT x.n, x.year, x.report_id, x.section, x.generated, x.name_order, ${columns.map((col) => `coalesce(b.${col}, 0)`).join(', ')}, x.text
			 FROM rows x LEFT JOIN bits b USING (n) ORDER BY x.k`,
			batch
		);
	}
}
