/**
 * A previewed file's verdict: the agency its report names, matched to the agencies the served
 * database knows (by name and alias, as the ingest's registry matches), and whether it may be
 * taken — by this user, not as a copy of a stored file, as a report at all.
 */
import { z } from 'zod';
import { Registry, type Agency } from '../../build/registry.js';
import { MAX_REGISTRY_ID } from '../../report/ids.js';
import { agencyKey } from '../../report/agencies.js';
import type { ParseOutcome } from '../../ingest/pool.js';
import type { SessionUser } from '../auth/roles.js';

/** An agency row of the derived database (its aliases `;` separated). */
export const AgencyRow = z.object({
	id: z.coerce.number().int(),
	name: z.string(),
	level: z.string(),
	parent_id: z.coerce.number().int().nullable(),
	region: z.string(),
	aliases: z.string().nullable(),
	generated: z.boolean()
});
export type AgencyRow = z.infer<typeof AgencyRow>;

export interface Warning {
	code: string;
	message: string;
	where?: string | null;
}

export interface Verdict {
	status: 'ok' | 'rejected';
	reason: string | null;
	agency: string | null;
	agency_id: number | null;
	year: number | null;
	template: string | null;
	warnings: Warning[];
	sha256: string | null;
}

/** The agencies of the served database, as the ingest would match a report's name to them. */
export class AgencyMatcher {
	private registry: Registry;
	private inferred = new Map<string, AgencyRow>();
	private rows = new Map<number, AgencyRow>();

	constructor(rows: AgencyRow[]) {
		const real: Agency[] = [];
		for (const r of rows) {
			this.rows.set(r.id, r);
			if (r.id > MAX_REGISTRY_ID) this.inferred.set(agencyKey(r.name), r);
			else
				real.push({
					id: r.id,
					name: r.name,
					level: r.level as Agency['level'],
					parent_id: r.parent_id,
					region: r.region,
					aliases: (r.aliases ?? '')
						.split(';')
						.map((a) => a.trim())
						.filter(Boolean),
					generated: r.generated,
					needs_review: false
				});
		}
		this.registry = new Registry(real);
	}

	/** The agency a report of this name is credited to, or null for one the database does not know. */
	match(name: string): { id: number; name: string } | null {
		const found = this.registry.find(name);
		if (found) return { id: found.id, name: found.name };
		const inferred = this.inferred.get(agencyKey(name));
		return inferred ? { id: inferred.id, name: inferred.name } : null;
	}

	nameOf(id: number): string | undefined {
		return this.rows.get(id)?.name;
	}

	/** The agency of this id, as the served database holds it. */
	row(id: number): AgencyRow | undefined {
		return this.rows.get(id);
	}
}

export interface JudgeContext {
	user: SessionUser;
	matcher: AgencyMatcher;
	/** sha256 of every file the served database holds. */
	storedHashes: Set<string>;
	/** sha256 of the files accepted earlier in this upload. */
	seenHashes: Set<string>;
	/** `${agency_id}-${year}` of every stored report. */
	storedReports: Set<string>;
}

/** A file refused, with why: nothing else is known of it. */
export const refused = (reason: string, sha256: string | null = null): Verdict => ({
	status: 'rejected',
	reason,
	agency: null,
	agency_id: null,
	year: null,
	template: null,
	warnings: [],
	sha256
});

/** The verdict on one parsed file. */
export function judge(outcome: ParseOutcome, ctx: JudgeContext): Verdict {
	if (outcome.rejected) return refused(outcome.rejected.reason);
	const { report, sha256 } = outcome;
	const base = { agency: report.agency, year: report.year, template: report.template, warnings: report.warnings as Warning[], sha256 };
	if (!report.agency) return { ...base, agency: null, agency_id: null, status: 'rejected', reason: '未能从报告中读出单位名称' };
	if (!report.year) return { ...base, agency: report.agency, agency_id: null, status: 'rejected', reason: '未能从报告中读出年度' };
	const matched = ctx.matcher.match(report.agency);
	const agency_id = matched?.id ?? null;
	const agency = matched?.name ?? report.agency;
	const rejected = (reason: string): Verdict => ({ ...base, agency, agency_id, status: 'rejected', reason });
	if (ctx.storedHashes.has(sha256)) return rejected('与已入库的文件完全相同（重复文件）');
	if (ctx.seenHashes.has(sha256)) return rejected('与本次上传中的另一个文件完全相同');
	if (ctx.user.role === 'agency') {
		const own = ctx.user.agency_id === null ? null : (ctx.matcher.nameOf(ctx.user.agency_id) ?? `编号 ${ctx.user.agency_id}`);
		if (agency_id === null) return rejected(`报告单位「${report.agency}」不在单位名录中；单位账号只能上传本单位（${own}）的报告`);
		if (agency_id !== ctx.user.agency_id) return rejected(`报告属于「${agency}」，不是本单位（${own}）的报告`);
	}
	ctx.seenHashes.add(sha256);
	const warnings = [...base.warnings];
	if (agency_id === null)
		warnings.unshift({ code: 'new_agency', message: `单位「${report.agency}」不在单位名录中，入库后将作为新单位（待核实）`, where: null });
	else if (ctx.storedReports.has(`${agency_id}-${report.year}`)) warnings.unshift(existingReport(agency, report.year, null));
	return { ...base, agency, agency_id, warnings, status: 'ok', reason: null };
}

/**
 * What becomes of a file for an agency and year already stored: with the same figures, another
 * source of the report; with other figures (`changes` cells), a 更正版 that becomes the report,
 * the stored one kept as its earlier version (build/decide.ts versionsOf: an upload comes later).
 */
export function existingReport(agency: string, year: number, changes: number | null): Warning {
	if (changes === null) return { code: 'existing_report', message: `「${agency}」${year} 年已有报告，本文件将与其比较后入库`, where: null };
	if (changes === 0) return { code: 'existing_report', message: `「${agency}」${year} 年已有报告，数值相同：本文件将作为其另一来源入库`, where: null };
	return {
		code: 'corrected_version',
		message: `更正版：与已入库的「${agency}」${year} 年报告有 ${changes} 处数值不同；入库后成为该年度的报告，原报告保留为历史版本`,
		where: null
	};
}

/**
 * Files refused by their bytes alone, before anything reads them (by their place in the upload):
 * a copy of a stored file, or of a file before it in the same upload. A scan's OCR is never spent
 * on a file that would be refused as a copy.
 */
export function copiesByHash(hashes: string[], stored: ReadonlySet<string>): (string | null)[] {
	const seen = new Set<string>();
	return hashes.map((h) => {
		if (stored.has(h)) return '与已入库的文件完全相同（重复文件）';
		if (seen.has(h)) return '与本次上传中的另一个文件完全相同';
		seen.add(h);
		return null;
	});
}
