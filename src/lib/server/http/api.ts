/**
 * The JSON API's answers (interfaces.md): errors as `{"error": "<Chinese message>"}` with their
 * status — 401 for no one signed in, 403 for a role that may not, 400 for bad input — and bodies
 * read with a size bound and parsed by zod.
 */
import { isHttpError, json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { UserError } from '../workbench/users.js';
import { BodyTooLarge, readBounded } from './bounded.js';

export const apiError = (status: number, error: string, headers?: Record<string, string>) => json({ error }, { status, headers });

/** Runs an endpoint: an error thrown by a check, a bad body or a refused change becomes its JSON answer. */
export async function api(fn: () => Promise<Response>): Promise<Response> {
	try {
		return await fn();
	} catch (e) {
		if (isHttpError(e)) return apiError(e.status, e.body.message);
		if (e instanceof UserError) return apiError(400, e.message);
		if (e instanceof BadInput) return apiError(400, e.message);
		if (e instanceof BodyTooLarge) return apiError(413, e.message);
		throw e;
	}
}

export class BadInput extends Error {}

/**
 * A JSON body of at most `maxBytes`, parsed by the schema; anything else is a 400. With
 * `optional`, an empty body is read as `{}` (an endpoint whose body only adds to what it does).
 */
export async function body<S extends z.ZodType>(event: RequestEvent, schema: S, maxBytes = 16 * 1024, optional = false): Promise<z.infer<S>> {
	const text = new TextDecoder().decode(await readBounded(event.request, maxBytes));
	let value: unknown;
	try {
		value = optional && !text.trim() ? {} : JSON.parse(text);
	} catch {
		throw new BadInput('请求内容不是有效的 JSON');
	}
	const parsed = schema.safeParse(value);
	if (!parsed.success) throw new BadInput(parsed.error.issues.map((i) => i.message).join('；'));
	return parsed.data;
}

/** The address a request came from (loopback and direct connections: the socket's). */
export function addressOf(event: RequestEvent): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}
