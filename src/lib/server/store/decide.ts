/**
 * The ingest's decisions, as pure functions (tested on their own): what a run must redo, which
 * of two sources of one report stands for it, and where two sources disagree.
 */
import { reportCells, richness, type CellRecord } from '../../report/cells.js';
import type { Report, SourceFormat } from '../../report/schema.js';
import type { CodeVersions } from './versions.js';

/** What a database says it was made with (its meta table); null fields when it does not say. */
export interface MadeWith {
	schema: number | null;
	readers: string | null;
	checks: string | null;
	registry: string | null;
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
 * another registry has its reports matched again; one checked by other rules is checked again.
 */
export function whatToRedo(made: MadeWith | null, code: CodeVersions, registry: string, rebuild = false): Redo {
	const fresh = rebuild || !made || made.schema !== code.schema || made.readers !== code.readers;
	const reattribute = !fresh && made.registry !== registry;
	return { fresh, reattribute, recheck: fresh || reattribute || made.checks !== code.checks };
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
