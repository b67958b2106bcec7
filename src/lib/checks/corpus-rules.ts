/**
 * The rules that read more than one agency's reports, each over a group of a declared scope
 * (rules.ts): `copies` two reports of one year whose texts look alike, `peers` the reports of
 * one level and year for one rate, `sources` two files of one report. The builder finds the
 * groups (all of them, or the ones a change touched) and hands each to the rule.
 */
import { METRICS, SMALL_SAMPLE } from '../report/metrics.js';
import { LEVEL_LABELS } from '../report/agencies.js';
import { reportKey } from '../report/ids.js';
import type { CellRef } from '../report/metrics.js';
import { estimate, sharedPassage } from './similarity.js';
import type { Draft } from './types.js';

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

/** Which report a draft of a rule across reports stands on. */
export interface Owner {
	id: number;
	agencyId: number;
	year: number;
}
export type OwnedDraft = Draft & { subject: string; of: Owner };

/** A report as the copies rule reads it: to quote, and to tell the copy from the original. */
export interface Described extends Owner {
	agency: string;
	text: string;
}

/** How alike two reports' texts are (estimated), when that is enough to look at them. */
export function copyLikelihood(a: Uint32Array, b: Uint32Array): number | null {
	const s = estimate(a, b);
	return s >= SIMILARITY_THRESHOLD ? s : null;
}

/** Rule 9 across agencies: two reports of one year, `s` alike. The copy is the report that names the other agency and not itself; else both are flagged. */
export function copiedAcross(a: Described, b: Described, s: number): OwnedDraft[] {
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
	return targets.map(([x, y]) => ({
		of: x,
		message: `「总体情况」与${y.agency}同年报告的相似度约${Math.round(s * 100)}%，共同段落：「${passage}」`,
		cells: [],
		subject: reportKey(y.agencyId, y.year)
	}));
}

export interface PeerRate extends Owner {
	level: string;
	metric: string;
	value: number;
}

/** Rule 13, peers: a share of outcomes far from the same level's in the same year (robust z). `g` is one such group. */
export function rateOutliers(g: PeerRate[]): OwnedDraft[] {
	const out: OwnedDraft[] = [];
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
			out.push({ of: r, message, cells: def.numerator, subject: def.key });
		}
	}
	return out;
}

/** A cell two files of one report read differently. */
export interface Disagreement {
	cell: CellRef;
	primary: number | null;
	other: number | null;
}

/** Two files of one version of a report that disagree: one draft naming every cell in which they do (the other file is its subject). */
export function sourceConflict(primary: { name: string }, other: { name: string; path: string }, diffs: Disagreement[]): (Draft & { subject: string })[] {
	if (!diffs.length) return [];
	const shown = diffs
		.slice(0, 5)
		.map((d) => `${d.cell.table}.${d.cell.row}.${d.cell.col}：${d.primary} ≠ ${d.other}`)
		.join('；');
	return [
		{
			message: `同一报告的两个来源数值不一致（${primary.name} 与 ${other.name}，共${diffs.length}处）：${shown}`,
			cells: diffs.map((d) => d.cell),
			subject: other.path
		}
	];
}
