/**
 * Security headers on every response the server makes: pages get their CSP from SvelteKit
 * (svelte.config.js, frame-ancestors included); any other response (endpoints, images, CSV,
 * JSON, redirects) gets a CSP that allows nothing to run and nothing to frame it. SVG keeps
 * inline styles (ECharts draws with them) and nothing else.
 */
import http from 'node:http';

/** Headers every response carries. */
export const ALWAYS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY'
};

/** The CSP of a response that is not a page: nothing runs, nothing frames it. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** An SVG opened on its own: its inline styles, no script, no framing. */
export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

export function cspFor(contentType: string | null): string {
	return contentType?.startsWith('image/svg+xml') ? SVG_CSP : NON_PAGE_CSP;
}

/**
 * Adds the headers a response lacks (a response's own CSP, such as a page's or a source file's
 * sandbox, is kept). Responses with immutable headers (a fetch result passed through) are copied.
 */
export function withSecurityHeaders(response: Response): Response {
	let r = response;
	try {
		apply(r.headers, r.status);
	} catch {
		r = new Response(response.body, response);
		apply(r.headers, r.status);
	}
	return r;
}

function apply(h: Headers, status: number) {
	for (const [k, v] of Object.entries(ALWAYS)) if (!h.has(k)) h.set(k, v);
	if (!h.has('content-security-policy') && status !== NOT_MODIFIED) h.set('content-security-policy', cspFor(h.get('content-type')));
}

/**
 * A 304 updates the headers the browser stored with the page it revalidated (SvelteKit answers a
 * page's ETag with one, carrying none of the page's headers): a CSP added to it would replace the
 * page's own, and the page would load without its styles and scripts. It gets none.
 */
const NOT_MODIFIED = 304;

/**
 * The same headers on what the hook never sees: adapter-node serves the built assets (/_app/…,
 * static files) before SvelteKit runs. Every http response of this process gets what it lacks
 * when its head is written (headers a response sets itself win). Called once, at server start.
 */
export function secureEveryResponse(): void {
	const proto = http.ServerResponse.prototype as http.ServerResponse & { [PATCHED]?: true };
	if (proto[PATCHED]) return;
	proto[PATCHED] = true;
	answerClientErrors();
	const writeHead = proto.writeHead;
	proto.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
		if (!this.headersSent) {
			const status = typeof args[0] === 'number' ? args[0] : this.statusCode;
			for (const [k, v] of Object.entries(ALWAYS)) if (!this.hasHeader(k)) this.setHeader(k, v);
			if (!this.hasHeader('content-security-policy') && status !== NOT_MODIFIED) this.setHeader('content-security-policy', NON_PAGE_CSP);
		}
		return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args);
	} as typeof proto.writeHead;
}
const PATCHED = Symbol.for('nianbao.secureEveryResponse');

/**
 * What Node answers by itself, before any handler runs — 431 for headers past its limit, 400 for
 * a request it cannot parse — carried no header at all. The servers made after this (adapter-node
 * makes its own once the app's hooks have run) answer them with the same headers as the rest.
 */
export function clientErrorResponse(code: string | undefined): string {
	const status = code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
	const headers = { ...ALWAYS, 'content-security-policy': NON_PAGE_CSP, connection: 'close', 'content-length': '0' };
	return `HTTP/1.1 ${status}\r\n${Object.entries(headers)
		.map(([k, v]) => `${k}: ${v}`)
		.join('\r\n')}\r\n\r\n`;
}

function answerClientErrors() {
	const create = http.createServer;
	http.createServer = function (this: unknown, ...args: unknown[]) {
		const server = (create as (...a: unknown[]) => http.Server).apply(this, args);
		server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
			if (socket.writable && !(socket as { _httpMessage?: unknown })._httpMessage) socket.end(clientErrorResponse(err.code));
			else socket.destroy();
		});
		return server;
	} as typeof http.createServer;
}
