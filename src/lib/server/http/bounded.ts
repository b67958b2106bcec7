/**
 * A request's body read with the endpoint's own bound while it streams: past `maxBytes` the read
 * stops and BodyTooLarge is thrown (413), whatever the Content-Length says or leaves out. A body
 * sent in chunks without a length was read whole before the check (a 250 MB one per request).
 */
import { error } from '@sveltejs/kit';

export class BodyTooLarge extends Error {
	constructor(readonly maxBytes: number) {
		super(`请求内容过大（上限 ${maxBytes >= 1048576 ? `${maxBytes / 1048576} MB` : `${Math.round(maxBytes / 1024)} KB`}）`);
	}
}

export async function readBounded(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > maxBytes) throw new BodyTooLarge(maxBytes);
	if (!request.body) return new Uint8Array(new ArrayBuffer(0));
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			await reader.cancel().catch(() => {});
			throw new BodyTooLarge(maxBytes);
		}
		chunks.push(value);
	}
	return new Uint8Array(Buffer.concat(chunks, size));
}

/** What a form of a page (sign-in, a review, a registry change) may be: a few kilobytes. */
export const FORM_BYTES = 64 * 1024;

/**
 * A page's form (urlencoded or multipart) of at most `maxBytes`, parsed as the platform parses
 * one; past the bound, a 413 for the form action to answer with.
 */
export async function formOf(request: Request, maxBytes = FORM_BYTES): Promise<FormData> {
	let bytes: Uint8Array<ArrayBuffer>;
	try {
		bytes = await readBounded(request, maxBytes);
	} catch (e) {
		if (e instanceof BodyTooLarge) error(413, e.message);
		throw e;
	}
	return new Response(bytes, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
}
