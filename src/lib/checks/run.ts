/**
 * Runs every rule over a stream of reports, agency by agency, then the rules that compare
 * across agencies (内容雷同, peers' rates). Memory holds one agency's reports, plus a signature
 * and a few figures per report for the cross-agency rules.
 */
import { METRICS, SMALL_SAMPLE, computeMetric } from '../report/metrics.js';
import { LEVEL_LABELS } from '../report/agencies.js';
import { RULES, ruleDef } from './rules.js';
import { candidatePairs, estimate, sharedPassage, signature } from './similarity.js';
import type { Finding, ReportData } from './types.js';

/**
 * Two texts this alike (estimated Jaccard of 5-character shingles) are a copy. Reports share a
 * lot of boilerplate (the generated ones up to about 0.8 with each other); a copy is above 0.9.
 */
export const SIMILARITY_THRESHOLD = 0.9;
const OUTLIER_Z = 4;
const OUTLIER_MIN_PEERS = 8;
const RATE_METRICS = ['denial_rate', 'unavailable_rate', 'not_processed_rate'];

interface Signed {
	id: number;
	agencyId: number;
	agency: string;
	year: number;
	sig: Uint32Array;
	text: string;
}

export interface CheckRun {
	/**
	 * Feed reports one agency at a time (sorted by year). `years` is the span the agency should
	 * report in; `fromFirstYear` when it should from the span's start (a registered agency), not
	 * only from its own first report.
	 */
	agency(reports: ReportData[], years: [number, number], fromFirstYear?: boolean, agencyId?: number): Finding[];
	/** After the last agency: the cross-agency rules. `textOf` fetches a report's words for quotes. */
	finish(): Finding[];
}

function finding(rule: string, r: { id: number; agencyId: number; year: number }, message: string, cells: Finding['cells'], severity = ruleDef(rule).severity): Finding {
	return { report_id: r.id, agency_id: r.agencyId, year: r.year, rule, severity, message, cells };
}

export function startChecks(): CheckRun {
	const signed: Signed[] = [];
	const rates: { id: number; agencyId: number; year: number; level: string; metric: string; value: number }[] = [];

	return {
		agency(reports, years, fromFirstYear = false, agencyOf = 0) {
			const out: Finding[] = [];
			const agencyId = reports[0]?.agencyId ?? agencyOf;
			for (const rule of RULES) {
				if (rule.scope === 'report') {
					for (const r of reports) for (const d of rule.check(r)) out.push(finding(rule.id, r, d.message, d.cells, d.severity ?? rule.severity));
				} else if (rule.scope === 'agency') {
					rule.check(reports, (r, d) => out.push(finding(rule.id, r, d.message, d.cells)), { agencyId, years, fromFirstYear });
				}
			}
			for (const r of reports) {
				const text = r.sections.overview ?? '';
				const sig = signature(text);
				if (sig) signed.push({ id: r.id, agencyId: r.agencyId, agency: r.agency, year: r.year, sig, text });
				for (const key of RATE_METRICS) {
					const m = computeMetric(METRICS.find((x) => x.key === key)!, r.value);
					if (m.value !== null && (m.denominator ?? 0) >= SMALL_SAMPLE) rates.push({ id: r.id, agencyId: r.agencyId, year: r.year, level: r.level, metric: key, value: m.value });
				}
			}
			return out;
		},
		finish() {
			return [...similar(signed), ...rateOutliers(rates)];
		}
	};
}

/** Rule 9: one agency's consecutive years compared directly; across agencies, LSH within each year. */
function similar(items: Signed[]): Finding[] {
	const out: Finding[] = [];
	const byAgency = new Map<number, Signed[]>();
	const byYear = new Map<number, Signed[]>();
	for (const it of items) {
		(byAgency.get(it.agencyId) ?? byAgency.set(it.agencyId, []).get(it.agencyId)!).push(it);
		(byYear.get(it.year) ?? byYear.set(it.year, []).get(it.year)!).push(it);
	}
	for (const years of byAgency.values()) {
		years.sort((a, b) => a.year - b.year);
		for (let i = 1; i < years.length; i++) {
			const [older, newer] = [years[i - 1], years[i]];
			if (newer.year !== older.year + 1) continue;
			const s = estimate(older.sig, newer.sig);
			if (s >= SIMILARITY_THRESHOLD) {
				out.push(finding('similar_text', newer, `「总体情况」与本单位${older.year}年报告的相似度约${Math.round(s * 100)}%，共同段落：「${sharedPassage(older.text, newer.text)}」`, []));
			}
		}
	}
	for (const group of byYear.values()) {
		for (const [a, b] of candidatePairs(group, (x, y) => x.agencyId !== y.agencyId)) {
			const s = estimate(a.sig, b.sig);
			if (s < SIMILARITY_THRESHOLD) continue;
			const passage = sharedPassage(a.text, b.text);
			// The copy is the report that names the other agency and not itself; else both are flagged.
			const names = (x: Signed, y: Signed) => x.text.includes(y.agency) && !x.text.includes(x.agency);
			const targets = names(a, b) ? [[a, b]] : names(b, a) ? [[b, a]] : [[a, b], [b, a]];
			for (const [x, y] of targets) out.push(finding('similar_text', x, `「总体情况」与${y.agency}同年报告的相似度约${Math.round(s * 100)}%，共同段落：「${passage}」`, []));
		}
	}
	return out;
}

/** Rule 13, peers: a share of outcomes far from the same level's in the same year (robust z). */
function rateOutliers(rows: { id: number; agencyId: number; year: number; level: string; metric: string; value: number }[]): Finding[] {
	const groups = new Map<string, typeof rows>();
	for (const r of rows) {
		const k = `${r.level}:${r.year}:${r.metric}`;
		const g = groups.get(k);
		if (g) g.push(r);
		else groups.set(k, [r]);
	}
	const out: Finding[] = [];
	for (const g of groups.values()) {
		if (g.length < OUTLIER_MIN_PEERS) continue;
		const values = g.map((r) => r.value).sort((a, b) => a - b);
		const med = values[values.length >> 1];
		const mad = [...values.map((v) => Math.abs(v - med))].sort((a, b) => a - b)[values.length >> 1];
		const scale = Math.max(1.4826 * mad, 0.03);
		for (const r of g) {
			const z = (r.value - med) / scale;
			if (z >= OUTLIER_Z && r.value - med >= 0.15) {
				const def = METRICS.find((m) => m.key === r.metric)!;
				out.push(
					finding('rate_outlier', r, `${def.label}${(r.value * 100).toFixed(1)}%，同年${LEVEL_LABELS[r.level as keyof typeof LEVEL_LABELS]}单位中位数${(med * 100).toFixed(1)}%`, def.numerator)
				);
			}
		}
	}
	return out;
}
