/**
 * A generated corpus: a fictional region's agencies and their reports over the years, written
 * as files in every format the parser reads, with anomalies injected at known rates and listed
 * in a truth file (agency, year, kind, cells) that the checks score themselves against.
 *
 * Of one city (region.ts), or of a nation (nation.ts, `national`). Written agency by agency,
 * the registry and the truth file too: memory does not grow with the corpus. Deterministic for a
 * seed. The folder carries a marker file, so that everything in it is known as generated.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APPLICANT_COLUMNS, OUTCOME_ROWS } from '../report/template.js';
import { GENERATED_MARKER_FILE } from './marker.js';
import { agencyFigures, type YearFigures } from './figures.js';
import { layoutReport, type ReportContent } from './layout.js';
import { narrative, type Narrative } from './narrative.js';
import { Random } from './random.js';
import { buildRegion, type GeneratedAgency } from './region.js';
import { nationAgencies, nationFolder } from './nation.js';
import { RegistryFile, TruthFile } from './sinks.js';
import { writeDocx } from './writers/docx.js';
import { writeHtml } from './writers/html.js';
import { writeText } from './writers/text.js';
import type { Document } from '../ingest/document.js';

export const ANOMALY_KINDS = [
	'arithmetic',
	'blank_total',
	'carry_over_mismatch',
	'missing_report',
	'copied_text',
	'township_regulations',
	'application_jump',
	'corrected_review',
	'text_contradiction'
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** Share of reports that get each anomaly. */
export const ANOMALY_RATES: Record<AnomalyKind, number> = {
	arithmetic: 0.03,
	blank_total: 0.015,
	carry_over_mismatch: 0.02,
	missing_report: 0.02,
	copied_text: 0.02,
	township_regulations: 0.03, // of township reports
	application_jump: 0.015,
	corrected_review: 0.02,
	text_contradiction: 0.02
};

export interface CellRef {
	table: 'applications' | 'reviews' | 'proactive';
	row: string;
	col: string;
}

export interface Anomaly {
	agency_id: number;
	agency: string;
	year: number;
	kind: AnomalyKind;
	cells: CellRef[];
	detail: string;
}

export interface CorpusOptions {
	out: string;
	agencies: number;
	years: [number, number];
	seed: number | string;
	/** A nation's hierarchy (provinces → cities → counties → townships, nation.ts) rather than one city's. */
	national?: boolean;
	onProgress?: (done: number, total: number) => void;
}

export interface CorpusSummary {
	agencies: number;
	reports: number;
	anomalies: number;
}

const FORMATS = [
	{ ext: 'txt', weight: 40 },
	{ ext: 'html', weight: 35 },
	{ ext: 'docx', weight: 25 }
];

export async function generateCorpus(opts: CorpusOptions): Promise<CorpusSummary> {
	const years: number[] = [];
	for (let y = opts.years[0]; y <= opts.years[1]; y++) years.push(y);
	const agencies = opts.national ? nationAgencies(opts.agencies, opts.seed) : buildRegion(opts.agencies, opts.seed);
	const folderOf = opts.national ? nationFolder : cityFolder;
	mkdirSync(opts.out, { recursive: true });
	const marker = { generated: true, note: '虚构的示例数据（fictional example data）', seed: opts.seed, agencies: opts.agencies, years: opts.years };
	writeFileSync(path.join(opts.out, GENERATED_MARKER_FILE), JSON.stringify(opts.national ? { ...marker, national: true } : marker, null, 2) + '\n');
	const registry = new RegistryFile(path.join(opts.out, 'agencies.csv'));
	const truth = new TruthFile<Anomaly>(path.join(opts.out, 'truth.json'), { seed: opts.seed, years: opts.years });

	let reports = 0;
	let count = 0;
	let madeDir = '';
	// Overviews of the year so far, for copying between agencies (only the last few are kept).
	const recent = new Map<number, { agency: string; overview: string }[]>();
	for (const agency of agencies) {
		count++;
		opts.onProgress?.(count, opts.agencies);
		registry.add(agency);
		const rnd = new Random(`${opts.seed}:${agency.id}`);
		const figures = agencyFigures(agency, years, rnd.fork('figures'));
		const dir = path.join(opts.out, folderOf(agency));
		if (dir !== madeDir) mkdirSync((madeDir = dir), { recursive: true });
		let lastOverview: string | null = null;
		for (const [k, f] of figures.entries()) {
			const r = rnd.fork(String(f.year));
			const add = (kind: AnomalyKind, cells: CellRef[], detail: string) =>
				truth.add({ agency_id: agency.id, agency: agency.name, year: f.year, kind, cells, detail });
			let words = narrative(agency.name, f, r.fork('words'));

			if (r.chance(ANOMALY_RATES.missing_report)) {
				add('missing_report', [], '未发布报告');
				lastOverview = words.overview;
				continue;
			}
			words = injectAnomalies(agency, f, k > 0 ? figures[k - 1] : null, k, words, lastOverview, recent.get(f.year) ?? [], r, add);
			lastOverview = words.overview;
			const list = recent.get(f.year) ?? [];
			list.push({ agency: agency.name, overview: words.overview });
			if (list.length > 8) list.shift();
			recent.set(f.year, list);

			const content: ReportContent = { agency: agency.name, ...f, sections: words };
			const doc = vary(layoutReport(content), r.fork('layout'));
			const ext = pickFormat(r);
			writeFileSync(
				path.join(dir, `${agency.id}-${agency.name}-${f.year}.${ext}`),
				ext === 'docx'
					? writeDocx(doc, { runs: r.int(1, 3) })
					: ext === 'html'
						? writeHtml(doc, { title: `${agency.name}${f.year}年政府信息公开工作年度报告` })
						: writeText(doc, { tabSeparated: r.chance(0.15) })
			);
			reports++;
		}
	}
	registry.close();
	truth.close();
	return { agencies: count, reports, anomalies: truth.size };
}

/** Where a one-city corpus's agency's files go: its county's folder, or the city's own. */
const cityFolder = (a: GeneratedAgency): string => a.region.split('/').slice(2).join('/') || '市本级';

function pickFormat(r: Random): string {
	const total = FORMATS.reduce((a, f) => a + f.weight, 0);
	let x = r.next() * total;
	for (const f of FORMATS) if ((x -= f.weight) < 0) return f.ext;
	return 'txt';
}

/**
 * Injects anomalies into one report's figures and words (in place), each recorded with the
 * cells it touches. Reports stay otherwise consistent, so every finding has one cause.
 */
function injectAnomalies(
	agency: GeneratedAgency,
	f: YearFigures,
	previous: YearFigures | null,
	index: number,
	words: Narrative,
	lastOverview: string | null,
	others: { agency: string; overview: string }[],
	r: Random,
	add: (kind: AnomalyKind, cells: CellRef[], detail: string) => void
): Narrative {
	const a = f.applications;
	const cell = (row: string, col: string, table: CellRef['table'] = 'applications'): CellRef => ({ table, row, col });

	if (index >= 2 && r.chance(ANOMALY_RATES.application_jump)) {
		// One year's applications jump, all granted: the table still adds up.
		const base = Math.max(a.new_received.total ?? 0, previous?.applications.new_received.total ?? 0);
		const extra = Math.max(30, 5 * base);
		for (const row of ['new_received', 'granted', 'total_processed']) {
			a[row].natural_person = (a[row].natural_person ?? 0) + extra;
			a[row].total = (a[row].total ?? 0) + extra;
		}
		add('application_jump', [cell('new_received', 'total')], `本年新收申请激增 ${extra} 件`);
		words = narrative(agency.name, f, r.fork('words'));
	}
	if (previous && (a.new_received.natural_person ?? 0) >= 1 && r.chance(ANOMALY_RATES.carry_over_mismatch)) {
		// 上年结转 no longer equals last year's 结转下年度; this year's own arithmetic still holds.
		const k = 1 + r.int(0, Math.min(2, (a.new_received.natural_person ?? 0) - 1));
		for (const [row, d] of [
			['carried_over', k],
			['new_received', -k]
		] as const) {
			a[row].natural_person = (a[row].natural_person ?? 0) + d;
			a[row].total = (a[row].total ?? 0) + d;
		}
		add('carry_over_mismatch', [cell('carried_over', 'total'), cell('carried_over', 'natural_person')], `上年结转比上年报告的结转下年度多 ${k} 件`);
	}
	if (r.chance(ANOMALY_RATES.arithmetic)) {
		// One outcome cell off by one: its column no longer sums to （七）总计.
		const rows = Object.values(OUTCOME_ROWS)
			.flat()
			.filter((row) => a[row].natural_person !== null);
		const row = r.pick(rows);
		a[row].natural_person = (a[row].natural_person ?? 0) + 1;
		a[row].total = (a[row].total ?? 0) + 1;
		add(
			'arithmetic',
			[cell(row, 'natural_person'), cell(row, 'total'), cell('total_processed', 'natural_person'), cell('total_processed', 'total')],
			`「${row}」多计 1 件`
		);
	} else if (r.chance(ANOMALY_RATES.blank_total / (1 - ANOMALY_RATES.arithmetic))) {
		for (const col of APPLICANT_COLUMNS) a.total_processed[col] = null;
		add(
			'blank_total',
			APPLICANT_COLUMNS.map((col) => cell('total_processed', col)),
			'（七）总计整行为空'
		);
	}
	if (r.chance(ANOMALY_RATES.corrected_review)) {
		const n = r.int(1, 2);
		f.reviews.review.corrected = (f.reviews.review.corrected ?? 0) + n;
		f.reviews.review.total = (f.reviews.review.total ?? 0) + n;
		add('corrected_review', [cell('review', 'corrected', 'reviews')], `行政复议结果纠正 ${n} 件`);
	}
	if (agency.level === 'township' && f.template === '2021' && r.chance(ANOMALY_RATES.township_regulations)) {
		const n = r.int(1, 5);
		// Made and repealed in the year: the 现行有效 chain to the next year stays whole.
		f.proactive.regulations = { issued: n, repealed: n, in_force: 0 };
		add('township_regulations', [cell('regulations', 'issued', 'proactive')], `乡镇报告制发规章 ${n} 件`);
	}
	if (r.chance(ANOMALY_RATES.text_contradiction)) {
		const table = a.new_received.total ?? 0;
		const said = table + r.int(1, 5) * (r.chance(0.5) || table < 6 ? 1 : -1);
		words = { ...narrative(agency.name, f, r.fork('words'), said) };
		add('text_contradiction', [cell('new_received', 'total')], `正文称收到申请 ${said} 件，表三为 ${table} 件`);
	}
	if (r.chance(ANOMALY_RATES.copied_text)) {
		const fromOther = others.length > 0 && (lastOverview === null || r.chance(0.5));
		if (fromOther) {
			const src = r.pick(others);
			words = { ...words, overview: src.overview };
			add('copied_text', [], `总体情况照抄${src.agency}同年报告`);
		} else if (lastOverview) {
			words = { ...words, overview: lastOverview.replace(new RegExp(`${f.year - 1}年`, 'g'), `${f.year}年`) };
			add('copied_text', [], '总体情况照抄本单位上年报告');
		}
	}
	return words;
}

/** Layout variations real reports have: 1、 numbering, typos in labels and headings. */
function vary(doc: Document, r: Random): Document {
	const arabic = r.chance(0.2);
	const typos = r.chance(0.1);
	return {
		...doc,
		blocks: doc.blocks.map((b) => {
			if (b.kind === 'paragraph') {
				let t = b.text;
				if (arabic) t = t.replace(/^([一二三四五六])、/, (_, n: string) => `${'一二三四五六'.indexOf(n) + 1}、 `);
				if (typos) t = t.replace('行政复议、行政诉讼情况', '行政法复议、行政诉讼情况');
				return { kind: 'paragraph', text: t };
			}
			if (!typos) return b;
			return {
				kind: 'table',
				rows: b.rows.map((row) => row.map((c) => (c.text === '2.其他法律行政法规禁止公开' ? { ...c, text: '2.其他法律行政止公开' } : c)))
			};
		})
	};
}
