/**
 * The season: by when each agency owes its report, which year is under review, and what an
 * (agency, year) is — received, late, missing, not yet due or not owed. shared/spec/season.md.
 *
 * Deadlines (政府信息公开条例 第四十九条): a department publishes by 31 January of the next year;
 * a government's own report (本级政府: county, city, province) by 31 March. Townships and street
 * offices are set by each province: the default here puts them with the departments, and a
 * settings file (`season.json` beside the registry) or a registry row's `due` says otherwise.
 */
import { chinaClock } from './china-time.js';
import { z } from 'zod';
import { AGENCY_LEVELS, type AgencyLevel } from './agencies.js';

/** A deadline as month and day of the year after the report's (MM-DD). */
export const DueSchema = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '期限应写作 MM-DD（如 01-31）');
export type Due = z.infer<typeof DueSchema>;

export const DEFAULT_LEVEL_DUE: Record<AgencyLevel, Due> = {
	province: '03-31',
	city: '03-31',
	county: '03-31',
	township: '01-31',
	department: '01-31'
};

/** What an office may set: each level's deadline (the levels it names; the rest keep the default). */
export const SeasonSettingsSchema = z.strictObject({ due: z.partialRecord(z.enum(AGENCY_LEVELS), DueSchema).default({}) });
export type SeasonSettings = z.infer<typeof SeasonSettingsSchema>;

export const DEFAULT_SETTINGS: SeasonSettings = { due: {} };

/** An agency's deadline (MM-DD): its own, else its level's as set, else the law's default. */
export function agencyDue(level: AgencyLevel, own: string | null | undefined, settings: SeasonSettings = DEFAULT_SETTINGS): Due {
	return own ?? settings.due[level] ?? DEFAULT_LEVEL_DUE[level];
}

/** The date (YYYY-MM-DD) the report of `year` is due, for a deadline MM-DD (29 February falls back to the 28th). */
export function dueDate(year: number, due: Due): string {
	const [m, d] = due.split('-').map(Number);
	const last = new Date(Date.UTC(year + 1, m, 0)).getUTCDate();
	return `${year + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Today in China (YYYY-MM-DD): the day deadlines are counted in. */
export function chinaToday(now: Date = new Date()): string {
	return chinaClock(now).slice(0, 10);
}

/** The latest year whose report, due on MM-DD, is past due on `today` (a deadline's own day is still in time). */
export function latestPastDue(today: string, due: Due): number {
	const y = Number(today.slice(0, 4));
	return dueDate(y - 1, due) < today ? y - 1 : y - 2;
}

/**
 * The year under review on `today`: the latest year whose deadline has passed for most agencies
 * — departments and townships, the levels nearly all agencies are (the later of their two).
 */
export function reviewYear(today: string, settings: SeasonSettings = DEFAULT_SETTINGS): number {
	return Math.min(latestPastDue(today, agencyDue('department', null, settings)), latestPastDue(today, agencyDue('township', null, settings)));
}

export const ROSTER_STATUSES = ['received', 'late', 'missing', 'pending', 'not_owed'] as const;
export type RosterStatus = (typeof ROSTER_STATUSES)[number];

export const STATUS_LABELS: Record<RosterStatus, string> = {
	received: '按时',
	late: '逾期',
	missing: '缺报',
	pending: '未到期',
	not_owed: '无需报送'
};

/** Days from the deadline to the publication date (positive: late). */
export function daysLate(published: string, due: string): number {
	return Math.round((Date.parse(published) - Date.parse(due)) / 86_400_000);
}

/** The latest year that has ended on `today`: its reports are coming in (due, or not yet). */
export const lastEndedYear = (today: string): number => Number(today.slice(0, 4)) - 1;

/**
 * The years an agency owes, as far as they are known on `today`: from its registry `first_year`
 * (else its first report, else the year under review: about when it entered the registry) to its
 * `last_year` (else, still active, the last year that has ended, or its last report when later).
 */
export function owedSpan(agency: { first_year: number | null; last_year: number | null }, reportYears: number[], today: string): [number, number] | null {
	const first = agency.first_year ?? (reportYears.length ? Math.min(...reportYears) : reviewYear(today));
	const last = agency.last_year ?? Math.max(lastEndedYear(today), ...reportYears);
	return first <= last ? [first, last] : null;
}

/**
 * One (agency, year) of the roster: received (published by its deadline, or on a date not
 * known: never called late), late, missing (owed, past due, nothing stored), pending (owed,
 * not yet due), or not owed. A stored report is received whatever the span says.
 */
export function rosterStatus(owed: boolean, due: string, report: { published: string | null } | null, asOf: string): RosterStatus {
	if (report) return report.published && report.published > due ? 'late' : 'received';
	if (!owed) return 'not_owed';
	return due < asOf ? 'missing' : 'pending';
}

/**
 * What the derived data's roster depends on besides the files and the registry: the settings
 * and which deadlines have passed. It changes on the day after a deadline (then the checks run
 * again), not every day.
 */
export function seasonKey(asOf: string, dues: Iterable<string>, settings: SeasonSettings = DEFAULT_SETTINGS): string {
	const all = new Set<string>([...dues, ...AGENCY_LEVELS.map((l) => agencyDue(l, null, settings))]);
	return [...all]
		.sort()
		.map((d) => `${d}:${latestPastDue(asOf, d)}`)
		.join(',');
}

/** 2025-01-31 → 2025年1月31日 (成文日期 and deadlines as Chinese documents write them). */
export function chineseDate(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number);
	return `${y}年${m}月${d}日`;
}

/** How the roster names a status on screen and in documents: 按时 / 逾期 N 天 / 缺报 / 日期不详 / 未到期. */
export function timeliness(e: { status: RosterStatus; days_late: number | null; published: string | null }): {
	label: string;
	tone: 'ok' | 'warn' | 'bad' | 'muted';
} {
	if (e.status === 'missing') return { label: '缺报', tone: 'bad' };
	if (e.status === 'late') return { label: `逾期 ${e.days_late} 天`, tone: 'warn' };
	if (e.status === 'received') return e.published ? { label: '按时', tone: 'ok' } : { label: '日期不详', tone: 'muted' };
	return { label: STATUS_LABELS[e.status], tone: 'muted' };
}
