/**
 * The ingest's decisions, as pure functions (tested on their own): what a run must redo, which
 * of two sources of one report stands for it, where two sources disagree, and how the files of
 * one agency and year fall into versions (更正版).
 */
import { reportCells, richness, type CellRecord } from '../report/cells.js';
import type { Report, SourceFormat } from '../report/schema.js';
import type { CodeVersions } from './versions.js';

/** What a database says it was made with (its meta table); null fields when it does not say. */
export interface MadeWith {
	schema: number | null;
	readers: string | null;
	checks: string | null;
	registry: string | null;
	/** The season's settings and the deadlines passed when the checks ran (build/season.ts). */
	season: string | null;
}

export interface Redo {
	/** Start from an empty database and read every file. */
	fresh: boolean;
	/** Match every stored report's agency name against the registry again. */
	reattribute: boolean;
	/** Run the checks even if no file changed. */
	recheck: boolean;
}

/**
 * A database made by other readers (or another schema) is rebuilt from the files; one made with
 * another registry has its reports matched again; one checked by other rules, or before a
 * deadline that has since passed, is checked again.
 */
export function whatToRedo(made: MadeWith | null, code: CodeVersions, registry: string, season: string, rebuild = false): Redo {
	const fresh = rebuild || !made || made.schema !== code.schema || made.readers !== code.readers;
	const reattribute = !fresh && made.registry !== registry;
	return { fresh, reattribute, recheck: fresh || reattribute || made.checks !== code.checks || made.season !== season };
}

/** Every format, best at keeping a table's cells first (a Record: a new format cannot be left out). */
const FORMAT_RANK: Record<SourceFormat, number> = { docx: 0, html: 1, doc: 2, pdf: 3, md: 4, txt: 5 };

export interface Source {
	report: Report;
	path: string;
}

/**
 * Of two files of one report, the more complete one stands for it; at a tie, the format that
 * keeps tables best, then the first path — an order, so that any run picks the same one.
 */
export function outranks(mine: Source, theirs: Source | null): boolean {
	if (!theirs) return true;
	const [a, b] = [richness(mine.report), richness(theirs.report)];
	if (a !== b) return a > b;
	const [fa, fb] = [FORMAT_RANK[mine.report.format], FORMAT_RANK[theirs.report.format]];
	return fa !== fb ? fa < fb : mine.path < theirs.path;
}

/** The cells both sources read and read differently: [primary's, other's]. */
export function disagreements(primary: Report, other: Report): [CellRecord, CellRecord][] {
	const mine = new Map(reportCells(primary).map((c) => [`${c.table}.${c.row}.${c.col}`, c]));
	const out: [CellRecord, CellRecord][] = [];
	for (const c of reportCells(other)) {
		const p = mine.get(`${c.table}.${c.row}.${c.col}`);
		if (p && p.value !== null && c.value !== null && p.value !== c.value) out.push([p, c]);
	}
	return out;
}

/** A cell two versions read differently: what a corrected version changed. */
export interface CellChange {
	table: CellRecord['table'];
	row: string;
	col: string;
	before: number | null;
	after: number | null;
}

/** A cell whose figure is known: a number, or a blank as published (found, and empty). Not a cell that could not be read. */
const known = (c: CellRecord) => c.value !== null || c.raw?.trim() === '';

/**
 * The cells that `after` reads otherwise than `before`, of the cells whose figure both know — a
 * blank against a number included (a correction often fills a blank), a cell one of them could
 * not read left out (that is the reader's trouble, not another figure).
 */
export function changedCells(before: CellRecord[], after: CellRecord[]): CellChange[] {
	const old = new Map(before.map((c) => [`${c.table}.${c.row}.${c.col}`, c]));
	const out: CellChange[] = [];
	for (const c of after) {
		const o = old.get(`${c.table}.${c.row}.${c.col}`);
		if (o && known(o) && known(c) && o.value !== c.value) out.push({ table: c.table, row: c.row, col: c.col, before: o.value, after: c.value });
	}
	return out;
}

/** A file of a report, with when it came (report/arrival.ts: an upload's moment, the date it states, or null). */
export interface Placed extends Source {
	sha256: string;
	at: string | null;
}

/** One version of a report: its files (the one that stands for it first) and when it came. */
export interface Version {
	at: string | null;
	sources: Placed[];
}

/**
 * The files of one agency and year as versions, oldest first; the last is the report.
 *
 * - Files that read the same figures are one version (the same report in other formats); the
 *   richest stands for it (`outranks`). It came when the first of them came.
 * - Files with other figures are another version, placed by when it came: a later upload or a
 *   later published date makes a 更正版, and the earlier version is kept. A file that states no
 *   date (and was not uploaded) counts as older than any that does.
 * - Figures that differ with nothing to tell which came later (the same date, or no date on
 *   either) are not a correction: one version whose files disagree (a source_conflict finding).
 *
 * The files come in any order; the answer depends only on them.
 */
export function versionsOf(files: Placed[]): Version[] {
	const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	const editions: Placed[][] = [];
	for (const f of sorted) {
		const cells = reportCells(f.report);
		const same = editions.find((e) => changedCells(reportCells(e[0].report), cells).length === 0);
		if (same) same.push(f);
		else editions.push([f]);
	}
	const came = (e: Placed[]) => e.map((f) => f.at).reduce<string | null>((a, b) => (b !== null && (a === null || b < a) ? b : a), null);
	const byTime = new Map<string, Placed[]>();
	for (const e of editions) {
		const key = came(e) ?? '';
		byTime.set(key, [...(byTime.get(key) ?? []), ...e]);
	}
	return [...byTime.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([key, sources]) => {
			const best = sources.reduce((a, b) => (outranks(b, a) ? b : a));
			return { at: key || null, sources: [best, ...sources.filter((s) => s !== best)] };
		});
}
