/**
 * The reports' text as /search reads it, and the index that narrows a search of it.
 *
 * Chinese has no spaces to split words at, so the index is of bigrams — every pair of adjacent
 * characters, as CJK search engines index Chinese — with the rows of `scope_text` each occurs in:
 * a term's rows are among those of its rarest bigrams. A bigram is two code points packed in 32
 * bits (each taken modulo 2¹⁶: two characters beyond the BMP may share a bigram, which only
 * widens the rows to check, never narrows them). The rows found are checked with contains(), so a
 * search's answer is exact; what the index saves is reading and checking the text of every row.
 *
 * - `scope_text`: each section's text that has any, numbered (`n`) in the order it is stored: by
 *   year, so that a year's search reads that year's row groups. The text is stored uncompressed:
 *   a Chinese term's first byte is one of a few, so contains() looks at nearly every character
 *   anyway, and with FSST every row group a candidate lies in was decompressed whole (at 1.2M
 *   reports: 250 ms to check 26,000 candidate rows compressed, 70 ms uncompressed; docs/scaling.md).
 * - `text_grams (g, n)`: a row of scope_text (`n`) that holds bigram `g`, sorted by bigram within
 *   each batch of rows it was made in, so that zone maps find a bigram's rows in a few row groups.
 * - `text_gram_df (g, df)`: how many rows hold each bigram: which of a term's bigrams narrow most,
 *   and a bigram no row holds answers the search at once.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Rows of scope_text indexed at a time: what a batch's sort holds is bounded, not the corpus. */
const BATCH_ROWS = 200_000;

/** SQL of a row's bigrams, as packed by `termGrams`: distinct within the row. */
const ROW_GRAMS = `list_distinct(list_transform(range(1, len(cp)), i -> cp[i] * 65536::UINTEGER + cp[i + 1]))`;
const CODE_POINTS = `list_transform(string_split(text, ''), ch -> (unicode(ch) & 65535)::UINTEGER)`;

export async function writeTextTables(c: DuckDBConnection, batchRows = BATCH_ROWS) {
	await c.run(`CREATE OR REPLACE TABLE scope_text (
		n INTEGER NOT NULL, year INTEGER NOT NULL, report_id BIGINT NOT NULL, section VARCHAR NOT NULL,
		text VARCHAR NOT NULL USING COMPRESSION uncompressed)`);
	// Numbered over the keys alone; the text joins them for the one sort that stores it in order.
	await c.run(`INSERT INTO scope_text
		WITH k AS (SELECT row_number() OVER (ORDER BY r.year, s.report_id, s.section)::INTEGER AS n, r.year, s.report_id, s.section
		           FROM report_sections s JOIN reports r ON r.id = s.report_id WHERE s.text <> '')
		SELECT k.n, k.year, k.report_id, k.section, s.text FROM k JOIN report_sections s USING (report_id, section) ORDER BY k.n`);
	await c.run('CREATE OR REPLACE TABLE text_grams (g UINTEGER NOT NULL, n INTEGER NOT NULL)');
	const rows = Number((await c.runAndReadAll('SELECT count(*) FROM scope_text')).getRows()[0][0]);
	for (let first = 1; first <= rows; first += batchRows) {
		await c.run(
			`INSERT INTO text_grams
			 SELECT g, n FROM (SELECT n, unnest(${ROW_GRAMS}) AS g FROM (SELECT n, ${CODE_POINTS} AS cp FROM scope_text WHERE n BETWEEN $1 AND $2))
			 ORDER BY g, n`,
			[first, first + batchRows - 1]
		);
	}
	await c.run('CREATE OR REPLACE TABLE text_gram_df AS SELECT g, count(*)::INTEGER AS df FROM text_grams GROUP BY g ORDER BY g');
}

/** A character the search looks for in other cases too (APP, app): its rows may hold another spelling. */
const cased = (ch: string) => ch.toUpperCase() !== ch || ch.toLowerCase() !== ch;

/**
 * The bigrams of a search term that every row containing it holds, packed as the index packs
 * them (ROW_GRAMS over CODE_POINTS): each pair of adjacent code points, once, but none with a
 * letter that has case (the row may hold the term in another case; the uncased pairs are the
 * same in every spelling).
 */
export function termGrams(term: string): number[] {
	const chars = [...term];
	const grams = new Set<number>();
	for (let i = 0; i + 1 < chars.length; i++) {
		if (cased(chars[i]) || cased(chars[i + 1])) continue;
		grams.add((chars[i].codePointAt(0)! & 0xffff) * 65536 + (chars[i + 1].codePointAt(0)! & 0xffff));
	}
	return [...grams];
}
