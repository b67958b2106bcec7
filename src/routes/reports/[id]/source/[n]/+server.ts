import { error } from '@sveltejs/kit';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ReportIdParam } from '$lib/report/ids';
import { sourceFile } from '$lib/server/queries/report';
import { BOUNDS } from '$lib/ingest/bounds';
import type { RequestHandler } from './$types';

/**
 * A report's source file, as published, for download. Only a file the database lists for that
 * report; always an attachment, never rendered: a source page's scripts never run here. Only
 * the bytes that were ingested: a file changed since (its sha256 differs) is gone (410), as is
 * one grown past what a report can be (it is not read into memory).
 */
export const GET: RequestHandler = async ({ params }) => {
	const id = ReportIdParam.safeParse(params.id);
	const n = z.coerce.number().int().min(0).max(50).safeParse(params.n);
	if (!id.success || !n.success) error(404, '没有这个文件');
	const src = await sourceFile(id.data, n.data);
	if (!src) error(404, '没有这个文件');
	let bytes: Buffer;
	try {
		const file = path.resolve(src.path);
		const s = await stat(file);
		if (!s.isFile() || s.size > BOUNDS.fileBytes) throw new Error('not the file');
		bytes = await readFile(file);
	} catch {
		error(410, '源文件已不在原处');
	}
	if (createHash('sha256').update(bytes).digest('hex') !== src.sha256) error(410, '源文件已被修改，与入库时的内容不同');
	const name = path.basename(src.path);
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'application/octet-stream',
			'content-disposition': `attachment; filename="report.${src.format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "sandbox; default-src 'none'"
		}
	});
};
