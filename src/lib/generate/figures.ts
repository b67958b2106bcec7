/**
 * The figures of one agency's reports over the years: applications by applicant type, their
 * outcomes, carry-over from year to year, reviews and suits, Table 2. Plausible, not real:
 * heavy-tailed volumes, drift between years, outcome shares like real reports'.
 */
import { APPLICANT_COLUMNS, OUTCOME_ROWS, PROACTIVE_ITEMS, REVIEW_GROUPS, templateForYear, type TemplateId } from '../report/template.js';
import type { GeneratedAgency } from './region.js';
import { Random } from './random.js';

type Grid = Record<string, Record<string, number | null>>;

export interface YearFigures {
	year: number;
	template: TemplateId;
	applications: Grid;
	reviews: Grid;
	proactive: Grid;
}

const APPLICANT_WEIGHTS = [86, 8, 0.5, 0.5, 3, 2];
/** Outcome rows in OUTCOME_ROWS order, weights for a typical agency. */
const OUTCOME_WEIGHTS: Record<string, number> = {
	granted: 42,
	partially_granted: 12,
	'denied.state_secret': 0.3,
	'denied.law_prohibited': 0.8,
	'denied.security_stability': 0.3,
	'denied.third_party': 1.5,
	'denied.internal_affairs': 1.5,
	'denied.process_info': 1.5,
	'denied.enforcement_file': 0.8,
	'denied.query_matter': 1.2,
	'unavailable.not_held': 22,
	'unavailable.needs_creation': 3,
	'unavailable.unclear': 1.5,
	'not_processed.petition': 3,
	'not_processed.duplicate': 2,
	'not_processed.publication': 0.3,
	'not_processed.excessive': 0.5,
	'not_processed.confirmation': 0.5,
	'other.no_correction': 2,
	'other.unpaid_fee': 0.2,
	'other.other': 2
};

function zeros(rows: readonly string[], cols: readonly string[]): Grid {
	return Object.fromEntries(rows.map((r) => [r, Object.fromEntries(cols.map((c) => [c, 0]))]));
}

export function agencyFigures(agency: GeneratedAgency, years: number[], rnd: Random): YearFigures[] {
	const out: YearFigures[] = [];
	let level = rnd.lognormal(agency.volume, 0.8);
	let carried = zeros(['x'], APPLICANT_COLUMNS).x;
	let inForce = rnd.int(3, 40); // 现行有效 normative documents, carried year to year
	const rows = Object.values(OUTCOME_ROWS).flat();
	for (const year of years) {
		const template = templateForYear(year);
		level *= Math.exp(0.25 * rnd.normal()); // drift year on year
		const received = Math.max(0, Math.round(level * (0.7 + 0.6 * rnd.next())));
		const apps = zeros([...rows, 'new_received', 'carried_over', 'total_processed', 'carried_forward'], APPLICANT_COLUMNS);
		const byApplicant = rnd.split(received, APPLICANT_WEIGHTS);
		const weights = rows.map((r) => (template === '2019' && (r === 'other.no_correction' || r === 'other.unpaid_fee') ? 0 : OUTCOME_WEIGHTS[r]));
		APPLICANT_COLUMNS.slice(0, 6).forEach((col, k) => {
			apps.new_received[col] = byApplicant[k];
			apps.carried_over[col] = carried[col] ?? 0;
			const open = byApplicant[k] + (carried[col] ?? 0);
			// A few applications received late in the year are still open at its end.
			const forward = open > 0 && rnd.chance(Math.min(0.5, open / 200)) ? rnd.int(1, Math.max(1, Math.ceil(open * 0.05))) : 0;
			const done = open - forward;
			const outcomes = rnd.split(done, weights);
			rows.forEach((r, i) => (apps[r][col] = outcomes[i]));
			apps.total_processed[col] = done;
			apps.carried_forward[col] = forward;
		});
		for (const r of Object.keys(apps)) apps[r].total = APPLICANT_COLUMNS.slice(0, 6).reduce((a, c) => a + (apps[r][c] ?? 0), 0);
		if (template === '2019') for (const r of ['other.no_correction', 'other.unpaid_fee']) apps[r] = Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, null]));
		carried = { ...apps.carried_forward } as Record<string, number>;

		const reviews: Grid = {};
		for (const g of REVIEW_GROUPS) {
			const rate = g === 'review' ? 0.03 : g === 'litigation_direct' ? 0.012 : 0.006;
			const n = Math.round(received * rate * rnd.next() * 2);
			// 结果纠正 only where the truth file says so: a corrected review is an anomaly to find.
			const [upheld, corrected, other, pending] = rnd.split(n, [70, 0, 22, 8]);
			reviews[g] = { upheld, corrected, other, pending, total: n };
		}

		const proactive: Grid = {};
		for (const item of PROACTIVE_ITEMS[template]) {
			proactive[item.key] = {};
			for (const m of item.measures) {
				const big = agency.level === 'department' ? agency.volume * 20 : 30;
				let v: number;
				if (item.key === 'regulations')
					v = 0; // only provinces and larger cities make 规章
				else if (m.key === 'amount_wan' || m.key === 'amount') v = Math.round(rnd.lognormal(big, 1) * 100) / 100;
				else if (m.key === 'change') v = rnd.int(-5, 5);
				else v = Math.round(rnd.lognormal(item.key === 'normative_documents' ? 3 : big, 1));
				proactive[item.key][m.key] = v;
			}
			if (item.key === 'normative_documents' && template === '2021') {
				// 现行有效 this year = last year's + issued − repealed.
				const issued = rnd.int(0, 8);
				const repealed = rnd.int(0, Math.min(3, inForce));
				inForce += issued - repealed;
				proactive[item.key] = { issued, repealed, in_force: inForce };
			}
		}
		out.push({ year, template, applications: apps, reviews, proactive });
	}
	return out;
}
