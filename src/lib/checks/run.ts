/**
 * Runs the rules of one agency's reports (the `report` and `agency` scopes, and 内容雷同 between
 * its consecutive years), and turns the drafts of the rules across agencies (corpus-rules.ts)
 * into findings. Memory holds one agency's reports: what the rules across agencies need of every
 * report (a text's signature, its rates) is handed to the caller to keep (the store keeps it in
 * the database), and read back from there by each rule's scope.
 */
import { RULES, ruleDef } from './rules.js';
import { SIMILARITY_THRESHOLD, type OwnedDraft } from './corpus-rules.js';
import { bandKeys, estimate, sharedPassage, signature } from './similarity.js';
import { cellsSubject, type Finding, type ReportData } from './types.js';
import { reportKey } from '../report/ids.js';

/** What the 内容雷同 rule keeps of a report until every agency has been read. */
export interface Signed {
	id: number;
	agencyId: number;
	year: number;
	sig: Uint32Array;
	/** The LSH band keys of sig: reports sharing one are compared. */
	bands: bigint[];
}

export interface AgencyResult {
	findings: Finding[];
	/** Signatures of the agency's 总体情况 texts, for the comparison across agencies. */
	signed: Signed[];
}

function finding(
	rule: string,
	r: { id: number; agencyId: number; year: number },
	d: { message: string; cells: Finding['cells']; subject?: string; severity?: Finding['severity'] }
): Finding {
	const subject = d.subject ?? cellsSubject(d.cells);
	return {
		report_id: r.id,
		agency_id: r.agencyId,
		year: r.year,
		rule,
		subject,
		severity: d.severity ?? ruleDef(rule).severity,
		message: d.message,
		cells: d.cells
	};
}

/**
 * Every rule that reads one agency's reports (sorted by year). `years` is the span the agency
 * should report in; `fromFirstYear` when it should from the span's start (a registered agency),
 * not only from its own first report.
 */
export function checkAgency(reports: ReportData[], years: [number, number], fromFirstYear = false, agencyOf = 0): AgencyResult {
	const out: Finding[] = [];
	const agencyId = reports[0]?.agencyId ?? agencyOf;
	for (const rule of RULES) {
		if (rule.scope === 'report') {
			for (const r of reports) for (const d of rule.check(r)) out.push(finding(rule.id, r, d));
		} else if (rule.scope === 'agency') {
			rule.check(reports, (r, d) => out.push(finding(rule.id, r, d)), { agencyId, years, fromFirstYear });
		}
	}
	const signed: Signed[] = [];
	let last: { r: ReportData; sig: Uint32Array } | null = null;
	for (const r of reports) {
		const text = r.sections.overview ?? '';
		const sig = signature(text);
		if (!sig) continue;
		signed.push({ id: r.id, agencyId: r.agencyId, year: r.year, sig, bands: bandKeys(sig) });
		// Rule 9 within the agency: this year's words against last year's.
		if (last && last.r.year === r.year - 1) {
			const s = estimate(last.sig, sig);
			if (s >= SIMILARITY_THRESHOLD) {
				const older = last.r;
				const message = `「总体情况」与本单位${older.year}年报告的相似度约${Math.round(s * 100)}%，共同段落：「${sharedPassage(older.sections.overview ?? '', text)}」`;
				out.push(finding('similar_text', r, { message, cells: [], subject: reportKey(older.agencyId, older.year) }));
			}
		}
		last = { r, sig };
	}
	return { findings: out, signed };
}

/** A rule's drafts over reports of more than one agency (corpus-rules.ts), as findings. */
export function ownedFindings(rule: string, drafts: OwnedDraft[]): Finding[] {
	return drafts.map(({ of, ...d }) => finding(rule, of, d));
}
