/**
 * Uploads in the workbench: who sent which files when, what the preview said of each, where the
 * accepted ones were stored, and how the ingest went. Every change leaves an audit row, written
 * in the same transaction.
 */
import { IngestStage, stageFraction } from '../../upload/stage.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import type { Host } from '../db.js';
import { select } from '../db.js';
import { audit } from './audit.js';
import type { Verdict } from '../uploads/match.js';

export const UPLOAD_STATES = ['previewed', 'ingesting', 'done', 'failed'] as const;
export type UploadState = (typeof UPLOAD_STATES)[number];

export const UploadId = z.string().regex(/^[0-9a-f]{16}$/, '上传编号无效');

function stageOf(json: string | null): IngestStage | null {
	if (json === null) return null;
	try {
		return IngestStage.parse(JSON.parse(json));
	} catch {
		return null;
	}
}

export const UploadRow = z.object({
	id: z.string(),
	username: z.string(),
	agency_id: z.coerce.number().int().nullable(),
	state: z.enum(UPLOAD_STATES),
	progress: z.number(),
	/** While ingesting: where it is (upload/stage.ts), as JSON; cleared when it ends. */
	stage: z.string().nullable().transform(stageOf),
	error: z.string().nullable(),
	created_at: z.coerce.string(),
	updated_at: z.coerce.string()
});
export type UploadRow = z.infer<typeof UploadRow>;

export const UploadFileRow = z.object({
	n: z.number().int(),
	original_name: z.string(),
	staged_path: z.string().nullable(),
	stored_path: z.string().nullable(),
	sha256: z.string().nullable(),
	size: z.coerce.number().nullable(),
	status: z.enum(['ok', 'rejected']),
	reason: z.string().nullable(),
	agency: z.string().nullable(),
	agency_id: z.coerce.number().int().nullable(),
	year: z.number().int().nullable(),
	template: z.string().nullable(),
	warnings: z.string().nullable(),
	chosen_agency_id: z.coerce.number().int().nullable(),
	new_agency: z.string().nullable()
});
export type UploadFileRow = z.infer<typeof UploadFileRow>;

export interface NewUploadFile extends Verdict {
	original_name: string;
	staged_path: string | null;
	size: number;
}

/** A previewed upload and its files: one transaction, one audit row. */
export async function recordPreview(h: Host, actor: string, upload: { id: string; agency_id: number | null }, files: NewUploadFile[]) {
	await h.write(async (c) => {
		await c.run(
			`INSERT INTO wb.uploads (id, username, agency_id, state, progress, error, created_at, updated_at)
			 VALUES ($id, $username, $agency_id, 'previewed', 0, NULL, now()::TIMESTAMP, now()::TIMESTAMP)`,
			{
				id: upload.id,
				username: actor,
				agency_id: upload.agency_id
			} as never
		);
		for (const [n, f] of files.entries()) {
			await c.run(`INSERT INTO wb.upload_files VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, NULL)`, [
				upload.id,
				n,
				f.original_name,
				f.staged_path,
				f.sha256,
				f.size,
				f.status,
				f.reason,
				f.agency,
				f.agency_id,
				f.year,
				f.template,
				JSON.stringify(f.warnings)
			] as never);
		}
		await audit(c, {
			actor,
			action: 'upload.preview',
			target: `upload:${upload.id}`,
			after: {
				files: files.map((f) => ({ name: f.original_name, status: f.status, agency_id: f.agency_id, year: f.year, sha256: f.sha256, reason: f.reason }))
			}
		});
	});
}

export async function getUpload(h: Host, id: string): Promise<UploadRow | null> {
	const [row] = await h.read((c) => select(c, UploadRow, `SELECT * FROM wb.uploads WHERE id = $1`, [id]));
	return row ?? null;
}

export async function uploadFiles(h: Host, id: string): Promise<UploadFileRow[]> {
	return h.read((c) =>
		select(
			c,
			UploadFileRow,
			`SELECT n, original_name, staged_path, stored_path, sha256, size, status, reason, agency, agency_id, year, template, warnings, chosen_agency_id, new_agency
			 FROM wb.upload_files WHERE upload_id = $1 ORDER BY n`,
			[id]
		)
	);
}

async function setState(c: DuckDBConnection, id: string, state: UploadState, progress: number, error: string | null) {
	await c.run(`UPDATE wb.uploads SET state = $2, progress = $3, error = $4, stage = NULL, updated_at = now()::TIMESTAMP WHERE id = $1`, [
		id,
		state,
		progress,
		error
	] as never);
}

/** A state change that is a decision (committed, done, failed): audited with before and after. */
export async function changeState(h: Host, actor: string, id: string, state: UploadState, error: string | null = null, extra: Record<string, unknown> = {}) {
	await h.write(async (c) => {
		const [before] = await select(c, UploadRow, `SELECT * FROM wb.uploads WHERE id = $1`, [id]);
		await setState(c, id, state, state === 'done' ? 1 : 0, error);
		await audit(c, {
			actor,
			action: `upload.${state}`,
			target: `upload:${id}`,
			before: before && { state: before.state, error: before.error },
			after: { state, error, ...extra }
		});
	});
}

/** An agency chosen at commit for a file its report's name did not match: a registry agency, or one to add. */
export type AgencyChoice =
	{ n: number; agency_id: number } | { n: number; new_agency: { name: string; level: string; parent_id: number | null; region?: string | null } };

/** The choices made at commit, kept with the files (audited); a choice made again replaces the one before. */
export async function recordChoices(h: Host, actor: string, id: string, choices: AgencyChoice[]) {
	if (!choices.length) return;
	await h.write(async (c) => {
		for (const ch of choices) {
			const [agency, added] = 'agency_id' in ch ? [ch.agency_id, null] : [null, JSON.stringify(ch.new_agency)];
			await c.run(`UPDATE wb.upload_files SET chosen_agency_id = $3, new_agency = $4 WHERE upload_id = $1 AND n = $2`, [id, ch.n, agency, added] as never);
		}
		await audit(c, { actor, action: 'upload.choose_agency', target: `upload:${id}`, after: { choices } });
	});
}

/** The agency an added agency got in the registry file: kept, so that a retry does not add it twice. */
export async function recordAdded(h: Host, actor: string, id: string, n: number, agencyId: number) {
	await h.write(async (c) => {
		await c.run(`UPDATE wb.upload_files SET chosen_agency_id = $3 WHERE upload_id = $1 AND n = $2`, [id, n, agencyId] as never);
		await audit(c, { actor, action: 'upload.add_agency', target: `upload:${id}`, after: { n, agency_id: agencyId } });
	});
}

/** The files' places under data/reports once stored (part of the commit's audited change). */
export async function recordStored(h: Host, actor: string, id: string, stored: { n: number; stored_path: string }[]) {
	await h.write(async (c) => {
		for (const s of stored) await c.run(`UPDATE wb.upload_files SET stored_path = $3 WHERE upload_id = $1 AND n = $2`, [id, s.n, s.stored_path] as never);
		await audit(c, { actor, action: 'upload.store', target: `upload:${id}`, after: { stored } });
	});
}

/**
 * Progress of a running ingest: not a decision, so not audited row by row (the commit and its
 * end are); written only while the upload is still ingesting.
 */
/** Where the upload's ingest is (upload/stage.ts): its stage, and how far along that puts it. */
export async function recordProgress(h: Host, id: string, stage: IngestStage) {
	await h.write((c) =>
		c.run(`UPDATE wb.uploads SET progress = $2, stage = $3, updated_at = now()::TIMESTAMP WHERE id = $1 AND state = 'ingesting'`, [
			id,
			stageFraction(stage),
			JSON.stringify(stage)
		] as never)
	);
}

/** At start: an ingest that was running when the server stopped did not finish; its upload may be committed again. */
export async function failInterrupted(h: Host): Promise<string[]> {
	const rows = await h.read((c) => select(c, z.object({ id: z.string() }), `SELECT id FROM wb.uploads WHERE state = 'ingesting'`));
	for (const r of rows) await changeState(h, 'system', r.id, 'failed', '服务器在入库过程中停止，上传未完成；可再次确认上传');
	return rows.map((r) => r.id);
}

/** The names files were uploaded under, by the path each is stored at (the report page names its sources so). */
export async function uploadedNames(c: DuckDBConnection, storedPaths: string[]): Promise<Map<string, string>> {
	if (!storedPaths.length) return new Map();
	const rows = await select(
		c,
		z.object({ stored_path: z.string(), original_name: z.string() }),
		`SELECT stored_path, any_value(original_name) AS original_name FROM wb.upload_files WHERE list_contains(string_split($paths, chr(10)), stored_path) GROUP BY stored_path`,
		{ paths: storedPaths.join('\n') }
	);
	return new Map(rows.map((r) => [r.stored_path, r.original_name]));
}
