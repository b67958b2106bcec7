/**
 * Whole responses kept for readers without an account. An anonymous reader's page depends only on
 * its URL and the data it shows: the derived file (changed only by ingest's swap) and the
 * workbench (changed only by this process's writes). Keyed by both, such a page is rendered once
 * per data generation, however many people open it. Signed-in readers are served from here only
 * what is the same for everyone (chart images); their pages carry their notes and their role.
 *
 * Bounded in entries, in bytes and in age (a page that shows something time-dependent is at most
 * MAX_AGE_MS old); only plain 200 answers without cookies are kept, and only GET and HEAD.
 */
import type { RequestEvent } from '@sveltejs/kit';

const MAX_ENTRIES = 2_000;
const MAX_BYTES = 64 * 1048576;
/** A single response larger than this is served but not kept (a big export would crowd out pages). */
const MAX_RESPONSE_BYTES = 2 * 1048576;
const MAX_AGE_MS = 10 * 60_000;

interface Kept {
	status: number;
	headers: [string, string][];
	body: Uint8Array<ArrayBuffer>;
	at: number;
}

export class ResponseCache {
	private kept = new Map<string, Kept>();
	private bytes = 0;
	/** Renders in progress: a burst of the same URL waits for one render instead of starting sixteen. */
	private pending = new Map<string, Promise<Kept | null>>();

	constructor(
		private readonly maxBytes = MAX_BYTES,
		private readonly maxEntries = MAX_ENTRIES,
		private readonly maxAgeMs = MAX_AGE_MS
	) {}

	/**
	 * The response under `key`, rendered when missing. `current` says, once the render is done,
	 * whether the key still names the data it was rendered from (a swap mid-render must not keep
	 * the old page under the new generation).
	 */
	async serve(key: string, render: () => Promise<Response>, current: (key: string) => boolean = () => true, now = Date.now()): Promise<Response> {
		const hit = this.kept.get(key);
		if (hit && now - hit.at <= this.maxAgeMs) {
			this.kept.delete(key);
			this.kept.set(key, hit);
			return toResponse(hit);
		}
		if (hit) this.drop(key);
		const inFlight = this.pending.get(key);
		if (inFlight) {
			const shared = await inFlight;
			return shared ? toResponse(shared) : render();
		}
		return this.lead(key, render, current, now);
	}

	/** The first request of a burst renders; the others wait for its answer (or render themselves if it cannot be shared). */
	private async lead(key: string, render: () => Promise<Response>, current: (key: string) => boolean, now: number): Promise<Response> {
		let settle!: (kept: Kept | null) => void;
		this.pending.set(key, new Promise((resolve) => (settle = resolve)));
		try {
			const response = await render();
			if (!keepable(response)) {
				settle(null);
				return response;
			}
			const read = await readBounded(response, MAX_RESPONSE_BYTES);
			if (read instanceof Response) {
				settle(null);
				return read;
			}
			const kept: Kept = { status: response.status, headers: [...response.headers], body: read, at: now };
			if (current(key)) this.store(key, kept);
			settle(kept);
			return toResponse(kept);
		} catch (e) {
			settle(null);
			throw e;
		} finally {
			this.pending.delete(key);
		}
	}

	clear() {
		this.kept.clear();
		this.bytes = 0;
	}

	get size() {
		return { entries: this.kept.size, bytes: this.bytes };
	}

	private store(key: string, kept: Kept) {
		this.kept.set(key, kept);
		this.bytes += kept.body.byteLength;
		for (const k of this.kept.keys()) {
			if (this.kept.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
			this.drop(k);
		}
	}

	private drop(key: string) {
		const kept = this.kept.get(key);
		if (!kept) return;
		this.bytes -= kept.body.byteLength;
		this.kept.delete(key);
	}
}

/**
 * Answers that are the same whoever asks (once the request is allowed at all): chart images and
 * their data are drawn from the derived data alone (routes/charts). A route listed here must never
 * read `locals.user`.
 */
const SAME_FOR_EVERYONE = ['/charts/'];

/** Whether a request may be answered from the cache: a GET or HEAD, anonymous or of an answer that is the same for everyone. */
export function cacheableRequest(event: RequestEvent): boolean {
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') return false;
	return !event.locals.user || SAME_FOR_EVERYONE.some((p) => event.url.pathname.startsWith(p));
}

function keepable(r: Response): boolean {
	if (r.status !== 200 || r.headers.has('set-cookie')) return false;
	const length = Number(r.headers.get('content-length') ?? 0);
	return length <= MAX_RESPONSE_BYTES;
}

/** The body, when it is at most `max` bytes; else the response again, its first chunks put back in front of the rest. */
async function readBounded(r: Response, max: number): Promise<Uint8Array<ArrayBuffer> | Response> {
	if (!r.body) return new Uint8Array();
	const reader = r.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		size += value.byteLength;
		if (size > max) {
			const rest = new ReadableStream<Uint8Array>({
				start(controller) {
					for (const c of chunks) controller.enqueue(c);
				},
				async pull(controller) {
					const next = await reader.read();
					if (next.done) controller.close();
					else controller.enqueue(next.value);
				},
				cancel: (why) => reader.cancel(why)
			});
			return new Response(rest, { status: r.status, headers: r.headers });
		}
	}
	const body = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		body.set(c, at);
		at += c.byteLength;
	}
	return body;
}

function toResponse(k: Kept): Response {
	return new Response(k.body, { status: k.status, headers: k.headers });
}
