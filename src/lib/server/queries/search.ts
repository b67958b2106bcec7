/**
 * /search: agencies by any part of a name or alias, or by pinyin (full or initials, computed at
 * ingest: build/pinyin.ts); and passages of the reports' text (scope_text) that contain
 * the words, in a year or in every year. DuckDB's full-text extension cannot be installed offline,
 * and its tokenizer splits on spaces, which Chinese does not have: the rows that may hold the
 * words are found by their bigrams (build/text-index.ts) and checked with contains()
 * (`npm run bench search` measures both).
 */
import { z } from 'zod';
import { host, query } from '../db.js';
import { Id, Level } from './columns.js';
import { pinyinQuery } from '../../build/pinyin.js';
import { SECTION_KEYS } from '../../report/template.js';
import { MAX_REGISTRY_ID } from '../../report/ids.js';
import { HIT_ORDER, NARROWS, commonColumn, termGrams } from '../../contract/text-index.js';
import { sqlList } from '../../contract/sql.js';

/** How an agency matched: its name, an alias, its full pinyin or its initials. */
export const MATCHED_BY = ['name', 'alias', 'pinyin', 'initials'] as const;

const Hit = z.object({
	id: Id,
	name: z.string(),
	level: Level,
	region: z.string(),
	generated: z.boolean(),
	reports: z.number().int(),
	by: z.enum(MATCHED_BY)
});

/** A query as names are searched: its spaces taken out (names have none). */
export function searchTerm(q: string): string {
	return q.trim().replace(/\s+/g, '');
}

/** A query as the text is searched: a run of spaces is one (the text keeps its own). */
export function textTerm(q: string): string {
	return q.trim().replace(/\s+/g, ' ');
}

/**
 * The spellings of a term the text is searched for: as written, in upper and in lower case
 * (APP, app). The index narrows by the bigrams all of them share (termGrams).
 */
export function spellingsOf(term: string): string[] {
	return [...new Set([term, term.toUpperCase(), term.toLowerCase()])];
}

export function searchAgencies(q: string, limit = 30) {
	const term = searchTerm(q);
	if (!term) return Promise.resolve([]);
	return query(
		Hit,
		`WITH m AS (
			SELECT a.*, CASE WHEN contains(a.name, $q) THEN 'name' WHEN contains(coalesce(a.aliases, ''), $q) THEN 'alias'
			                 WHEN $py <> '' AND contains(a.pinyin, $py) THEN 'pinyin' WHEN $py <> '' AND contains(a.initials, $py) THEN 'initials' END AS by
			FROM agencies a)
		 -- The hits first, then their reports counted: not every agency's (a country has 170,000).
		 , hits AS (SELECT m.id, m.name, m.level, m.region, m.generated, m.by FROM m WHERE m.by IS NOT NULL
		            ORDER BY list_position(${sqlList(MATCHED_BY)}, m.by), length(m.name), m.name LIMIT $limit)
		 SELECT h.*, (SELECT count(*) FROM reports r WHERE r.agency_id = h.id)::INTEGER AS reports
		 FROM hits h ORDER BY list_position(${sqlList(MATCHED_BY)}, h.by), length(h.name), h.name`,
		{ q: term, py: pinyinQuery(q) ?? '', limit }
	);
}

/** Text hits shown per page. */
export const TEXT_PAGE = 20;
/** Characters of text kept on either side of a match: the page cuts the passage to its paragraph. */
const AROUND = 80;

const TextHit = z.object({
	report_id: Id,
	agency_id: Id,
	agency: z.string(),
	year: z.number().int(),
	generated: z.boolean(),
	section: z.enum(SECTION_KEYS),
	/** The text around the first match, AROUND characters on either side. */
	window: z.string(),
	/** The window starts after, or ends before, the section's text does. */
	cut_start: z.boolean(),
	cut_end: z.boolean()
});
const TextCount = z.object({ hits: z.number().int(), reports: z.number().int() });
const TextRow = z.union([TextHit.extend(TextCount.shape), TextCount.extend(z.object({ report_id: z.null() }).shape)]);

/**
 * Whether a query searches the text: a query of latin letters alone is pinyin (an agency's name),
 * and one character matches nearly every report.
 */
export function searchesText(q: string): boolean {
	return [...searchTerm(q)].length >= 2 && pinyinQuery(q) === null;
}

const YearRow = z.object({ year: z.number().int() });

/** The years that have reports' text, oldest first: what /search offers to search in. */
export async function textYears(): Promise<number[]> {
	return (await query(YearRow, `SELECT DISTINCT year FROM scope_text ORDER BY year`)).map((r) => r.year);
}

/** At most this many of a term's rarest bigrams have their rows intersected: a fourth seldom removes any. */
const INTERSECTED = 3;

const GramFacts = z.object({ g: z.number().int(), df: z.number().int(), word: z.number().int().nullable(), bit: z.number().int().nullable() });
const TextSize = z.object({ rows: z.number().int() });

/** Rows of scope_text. */
export async function textSize(): Promise<z.infer<typeof TextSize>> {
	const [size] = await query(TextSize, `SELECT count(*)::INTEGER AS rows FROM scope_text`);
	return size;
}

/** What the index says of the rows of scope_text `s` that may hold a term: conditions on them, with their parameters. */
export interface IndexFilter {
	/** Conditions on the row's number (its rarest bigrams' rows). */
	rows: string[];
	/** Conditions on the row's bits, tested before its text is read. */
	bits: string[];
	params: Record<string, string | number>;
}

/**
 * The index's conditions for a term (build/text-index.ts): the rows of its rarest bigrams, and
 * the bits of its common ones; `nowhere` when a bigram of it is in no row (then neither is the
 * term). No condition when it has no bigram the index knows (every row is checked). `rows`:
 * scope_text's (textSize), what a bigram's share is of.
 */
export async function indexFilter(spellings: string[], rows: number): Promise<IndexFilter | 'nowhere'> {
	const filter: IndexFilter = { rows: [], bits: [], params: {} };
	const grams = termGrams(spellings);
	if (!grams.length) return filter;
	const params = Object.fromEntries(grams.map((g, i) => [`g${i}`, g]));
	const list = grams.map((_, i) => `$g${i}::UINTEGER`).join(', ');
	const found = await query(GramFacts, `SELECT g, df, word, bit FROM text_gram_df LEFT JOIN text_common USING (g) WHERE g IN (${list}) ORDER BY df, g`, params);
	if (found.length < grams.length) return 'nowhere';
	const rare = found.filter((x) => x.df <= rows * NARROWS).slice(0, INTERSECTED);
	if (rare.length) {
		filter.rows.push(`s.n IN (${rare.map((_, i) => `SELECT n FROM text_grams WHERE g = $c${i}::UINTEGER`).join(' INTERSECT ')})`);
		rare.forEach((x, i) => (filter.params[`c${i}`] = x.g));
	}
	// Each word's mask: a row may hold the term only if its bits hold every common bigram of it.
	const masks = new Map<number, bigint>();
	for (const { word, bit } of found) if (word !== null && bit !== null) masks.set(word, (masks.get(word) ?? 0n) | (1n << BigInt(bit)));
	for (const [word, mask] of masks) {
		// As text: a bound number is a double, and 63 bits are not.
		filter.params[`m${word}`] = String(mask);
		filter.bits.push(`s.${commonColumn(word)} & CAST($m${word} AS BIGINT) = CAST($m${word} AS BIGINT)`);
	}
	return filter;
}

/**
 * The sections of reports of a year (null: every year) whose text contains the query (as
 * written, in upper or in lower case: spellingsOf), in the order of hits (text-index.ts): a page of
 * them, each with the passage around its first match, and how many there are in all. The rows
 * the index leaves are checked (a year's rows lie in two runs of scope_text, its real reports'
 * and its generated ones': the other years' row groups are skipped), the matches' numbers kept.
 */
export async function searchText(q: string, page = 1, year: number | null = null): Promise<TextResult> {
	// The index's lookups and the search are separate queries: when an ingest swapped a new file
	// in between, the index of one would filter the text of the other, so the search runs again.
	const h = await host();
	for (let run = 1; ; run++) {
		const before = h.generation();
		const result = await searchTextOnce(q, page, year);
		if (h.generation() === before || run === 3) return result;
	}
}

type TextResult = { hits: z.infer<typeof TextHit>[]; total: number; reports: number };

async function searchTextOnce(q: string, page: number, year: number | null): Promise<TextResult> {
	const term = textTerm(q);
	const none = { hits: [], total: 0, reports: 0 };
	if (!searchesText(q)) return none;
	// Each distinct spelling is a parameter, and the text is checked once per spelling (once for Chinese).
	const spellings = spellingsOf(term);
	const size = await textSize();
	const index = await indexFilter(spellings, size.rows);
	if (index === 'nowhere') return none;
	const names = spellings.map((_, i) => `$s${i}`);
	const found = `(${names.map((n) => `contains(s.text, ${n})`).join(' OR ')})`;
	const at = `list_min(list_filter([${names.map((n) => `strpos(s.text, ${n})`).join(', ')}], p -> p > 0))`;
	// The bits first, then the text: as a CASE, so that no plan reads the text of a row its bits rule out
	// (as separate conditions, DuckDB ran contains() in the scan and the bits' test after it).
	const checked = index.bits.length ? `CASE WHEN ${index.bits.join(' AND ')} THEN ${found} ELSE false END` : found;
	const where = [...(year === null ? [] : ['s.year = $year']), ...index.rows, checked].join(' AND ');
	// Hits in their order (text-index.ts HIT_ORDER), which is scope_text's as a whole build stores it.
	const rows = await query(
		TextRow,
		`WITH hit AS MATERIALIZED (SELECT s.n, s.report_id, s.generated, s.year, s.name_order FROM scope_text s WHERE ${where}),
		      top AS (SELECT hit.n FROM hit ORDER BY ${HIT_ORDER('hit')} LIMIT $limit OFFSET $offset),
		      -- By number: the page's few rows are read from their own row groups.
		      w AS (SELECT s.*, length(s.text) AS len, ${at} AS at FROM top JOIN scope_text s USING (n)),
		      page AS (SELECT w.n, w.name_order, w.report_id, r.agency_id, a.name AS agency, w.year, w.generated, w.section,
		                      substring(w.text, greatest(1, w.at - $around), w.at - greatest(1, w.at - $around) + length($s0) + $around) AS window,
		                      w.at > $around + 1 AS cut_start, w.at + length($s0) + $around <= w.len AS cut_end
		               FROM w JOIN reports r ON r.id = w.report_id JOIN agencies a ON a.id = r.agency_id),
		      n AS (SELECT count(*)::INTEGER AS hits, count(DISTINCT hit.report_id)::INTEGER AS reports FROM hit)
		 SELECT n.hits, n.reports, page.* EXCLUDE (n, name_order) FROM n LEFT JOIN page ON true ORDER BY ${HIT_ORDER('page')}`,
		{
			...Object.fromEntries(spellings.map((v, i) => [`s${i}`, v])),
			...index.params,
			year,
			around: AROUND,
			limit: TEXT_PAGE,
			offset: (page - 1) * TEXT_PAGE
		}
	);
	const hits = rows.filter((r) => r.report_id !== null).map((r) => TextHit.parse(r));
	return { hits, total: rows[0]?.hits ?? 0, reports: rows[0]?.reports ?? 0 };
}

const RegistryHit = z.object({ id: Id, name: z.string(), level: Level, region: z.string() });

/**
 * The registry's agencies (real ones: not generated, not known only by a report's name) by any
 * part of a name or alias: what an upload's preview offers to credit a report to, or as a parent.
 */
export function searchRegistry(q: string, limit = 20) {
	const term = q.trim().replace(/\s+/g, '');
	if (!term) return Promise.resolve([]);
	return query(
		RegistryHit,
		`SELECT a.id, a.name, a.level, a.region FROM agencies a
		 WHERE a.id <= $max AND NOT a.generated AND (contains(a.name, $q) OR contains(coalesce(a.aliases, ''), $q))
		 ORDER BY length(a.name), a.name LIMIT $limit`,
		{ q: term, limit, max: MAX_REGISTRY_ID }
	);
}
