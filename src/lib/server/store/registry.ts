/**
 * The registry of agencies (data/agencies.csv, and a generated corpus's own agencies.csv):
 * who is expected to report, at what level, where. A report's agency is matched to it by
 * name; an agency not in it is added, with what its name says, and marked for review.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { MAX_AGENCY_ID } from '../../report/ids.js';
import { AGENCY_LEVELS, agencyKey, inferLevel, inferRegion, sameAgency, type AgencyLevel } from '../../report/agencies.js';

export const AgencySchema = z.object({
	id: z.number().int().positive().max(MAX_AGENCY_ID), // a report's id holds it (ids.ts)
	name: z.string().min(1),
	level: z.enum(AGENCY_LEVELS),
	parent_id: z.number().int().positive().nullable(),
	region: z.string(),
	aliases: z.array(z.string()),
	generated: z.boolean(),
	needs_review: z.boolean()
});
export type Agency = z.infer<typeof AgencySchema>;

/** A minimal CSV reader: quoted fields, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') row.push(field), (field = '');
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			if (row.some((f) => f !== '')) rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	row.push(field);
	if (row.some((f) => f !== '')) rows.push(row);
	return rows;
}

export async function readRegistryCsv(file: string, generated: boolean): Promise<Agency[]> {
	const text = (await readFile(file, 'utf8')).replace(/^\ufeff/, '');
	const [header, ...rows] = parseCsv(text);
	const col = (name: string) => {
		const i = header.indexOf(name);
		if (i < 0 && name !== 'aliases') throw new Error(`${file}: 缺少列「${name}」`);
		return i;
	};
	const [id, name, level, parent, region, aliases] = ['id', 'name', 'level', 'parent_id', 'region', 'aliases'].map(col);
	return rows.map((r, n) => {
		const parsed = AgencySchema.safeParse({
			id: Number(r[id]),
			name: r[name]?.trim(),
			level: r[level]?.trim(),
			parent_id: r[parent]?.trim() ? Number(r[parent]) : null,
			region: r[region]?.trim() ?? '',
			aliases: aliases >= 0 && r[aliases] ? r[aliases].split(';').map((a) => a.trim()).filter(Boolean) : [],
			generated,
			needs_review: false
		});
		if (!parsed.success) throw new Error(`${file} 第${n + 2}行：${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}`);
		return parsed.data;
	});
}

export class Registry {
	private byId = new Map<number, Agency>();
	private byKey = new Map<string, Agency>();
	private nextId = 1;

	constructor(agencies: Agency[]) {
		for (const a of agencies) this.add(a);
	}

	private add(a: Agency) {
		if (this.byId.has(a.id)) throw new Error(`单位编号 ${a.id} 重复（${a.name}）`);
		if (a.id > MAX_AGENCY_ID) throw new Error(`单位编号 ${a.id} 超出上限 ${MAX_AGENCY_ID}（${a.name}）：报告编号为单位编号 × 10000 + 年度`);
		this.byId.set(a.id, a);
		for (const n of [a.name, ...a.aliases]) this.byKey.set(agencyKey(n), a);
		this.nextId = Math.max(this.nextId, a.id + 1);
	}

	all(): Agency[] {
		return [...this.byId.values()];
	}

	get(id: number): Agency | undefined {
		return this.byId.get(id);
	}

	/** The registry's agency of this name, or null; ambiguous suffix matches count as none. */
	find(name: string): Agency | null {
		const exact = this.byKey.get(agencyKey(name));
		if (exact) return exact;
		const hits = new Set<Agency>();
		for (const a of this.byId.values()) if ([a.name, ...a.aliases].some((n) => sameAgency(n, name))) hits.add(a);
		return hits.size === 1 ? [...hits][0] : null;
	}

	/** The agency of a report: found, or added from what the name says and marked for review. */
	resolve(name: string, generated: boolean): Agency {
		const found = this.find(name);
		if (found) return found;
		const level: AgencyLevel = inferLevel(name);
		const agency: Agency = { id: this.nextId, name, level, parent_id: null, region: inferRegion(name), aliases: [], generated, needs_review: true };
		this.add(agency);
		return agency;
	}
}
