/**
 * Runs every rule over a stream of reports, agency by agency, then the rules that compare
 * across agencies (内容雷同, peers' rates). Memory holds one agency's reports: what the
 * cross-agency rules need of every report (a text's signature, its rates) is handed to the
 * caller to keep (the store keeps it in the database), and read back from there at the end.
 */
import { METRICS, SMALL_SAMPLE } from '../report/metrics.js';
import { LEVEL_LABELS } from '../report/agencies.js';
import { RULES, ruleDef } from './rules.js';
import { bandKeys, estimate, sharedPassage, signature } from './similarity.js';
import { cellsSubject, type Finding, type ReportData } from './types.js';
import { reportKey } from '../report/ids.js';

/**
 * Two texts this alike (estimated Jaccard of 5-character shingles) are a copy. Reports share a
 * lot of boilerplate (the generated ones up to about 0.8 with each other); a copy is above 0.9.
 */
export const SIMILARITY_THRESHOLD = 0.9;
const OUTLIER_Z = 4;
const OUTLIER_MIN_PEERS = 8;
const RATE_METRICS = ['denial_rate', 'unavailable_rate', 'not_processed_rate'];

/** Rates compared with peers', and the least applications that make a rate worth comparing. */
export const PEER_RATES = { metrics: RATE_METRICS, minDenominator: SMALL_SAMPLE };

/** What the 内容雷同 rule keeps of a report until every agency has been read. */
export interface Signed {
	id: number;
	agencyId: number;
	year: number;
	sig: Uint32Array;
	/** The LSH band keys of sig: reports sharing one are compared. */
	bands: bigint[];
}

/** A report as the end of the run reads it back, to quote and to tell the copy from the original. */
export interface Described {
	id: number;
	agencyId: number;
	year: number;
	agency: string;
	text: string;
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

/** How alike two reports' texts are (estimated), when that is enough to look at them. */
export function copyLikelihood(a: Uint32Array, b: Uint32Array): number | null {
	const s = estimate(a, b);
	return s >= SIMILARITY_THRESHOLD ? s : null;
}

/** Rule 9 across agencies: two reports of one year, `s` alike. The copy is the report that names the other agency and not itself; else both are flagged. */
export function copiedAcross(a: Described, b: Described, s: number): Finding[] {
	const passage = sharedPassage(a.text, b.text);
	const names = (x: Described, y: Described) => x.text.includes(y.agency) && !x.text.includes(x.agency);
	const targets = names(a, b)
		? [[a, b]]
		: names(b, a)
			? [[b, a]]
			: [
					[a, b],
					[b, a]
				];
	return targets.map(([x, y]) =>
		finding('similar_text', x, {
			message: `「总体情况」与${y.agency}同年报告的相似度约${Math.round(s * 100)}%，共同段落：「${passage}」`,
			cells: [],
			subject: reportKey(y.agencyId, y.year)
		})
	);
}

export interface PeerRate {
	id: number;
	agencyId: number;
	year: number;
	level: string;
	metric: string;
	value: number;
}

/** Rule 13, peers: a share of outcomes far from the same level's in the same year (robust z). `g` is one such group. */
export function rateOutliers(g: PeerRate[]): Finding[] {
	const out: Finding[] = [];
	if (g.length < OUTLIER_MIN_PEERS) return out;
	const values = g.map((r) => r.value).sort((a, b) => a - b);
	const med = values[values.length >> 1];
	const mad = values.map((v) => Math.abs(v - med)).sort((a, b) => a - b)[values.length >> 1];
	const scale = Math.max(1.4826 * mad, 0.03);
	for (const r of g) {
		const z = (r.value - med) / scale;
		if (z >= OUTLIER_Z && r.value - med >= 0.15) {
			const def = METRICS.find((m) => m.key === r.metric)!;
			const message = `${def.label}${(r.value * 100).toFixed(1)}%，同年${LEVEL_LABELS[r.level as keyof typeof LEVEL_LABELS]}单位中位数${(med * 100).toFixed(1)}%`;
			out.push(finding('rate_outlier', r, { message, cells: def.numerator, subject: def.key }));
		}
	}
	return out;
}
