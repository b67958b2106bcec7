import { error } from '@sveltejs/kit';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ReportIdParam } from '$lib/report/ids';
import { sourceFile } from '$lib/server/queries/report';
import type { RequestHandler } from './$types';

/**
 * A report's source file, as published, for download. Only a file the database lists for that
 * report; always an attachment, never rendered: a source page's scripts never run here.
 */
export const GET: RequestHandler = async ({ params }) => {
	const id = ReportIdParam.safeParse(params.id);
	const n = z.coerce.number().int().min(0).max(50).safeParse(params.n);
	if (!id.success || !n.success) error(404, '没有这个文件');
	const src = await sourceFile(id.data, n.data);
	if (!src) error(404, '没有这个文件');
	let bytes: Buffer;
	try {
		bytes = await readFile(path.resolve(src.path));
	} catch {
		error(410, '源文件已不在原处');
	}
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
