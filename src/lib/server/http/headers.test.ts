import { describe, expect, it } from 'vitest';
import { NON_PAGE_CSP, SVG_CSP, clientErrorResponse, withSecurityHeaders } from './headers.js';

describe('security headers', () => {
	it('adds nosniff, referrer policy and a CSP forbidding framing to a response without them', () => {
		const r = withSecurityHeaders(new Response('{}', { headers: { 'content-type': 'application/json' } }));
		expect(r.headers.get('x-content-type-options')).toBe('nosniff');
		expect(r.headers.get('referrer-policy')).toBe('same-origin');
		expect(r.headers.get('content-security-policy')).toBe(NON_PAGE_CSP);
		expect(NON_PAGE_CSP).toContain("frame-ancestors 'none'");
	});

	it('gives an SVG a CSP that allows its inline styles and no script', () => {
		const r = withSecurityHeaders(new Response('<svg/>', { headers: { 'content-type': 'image/svg+xml' } }));
		expect(r.headers.get('content-security-policy')).toBe(SVG_CSP);
		expect(SVG_CSP).not.toContain('script');
		expect(SVG_CSP).toContain("frame-ancestors 'none'");
	});

	it("keeps a response's own CSP (a page's, a source file's sandbox)", () => {
		const r = withSecurityHeaders(new Response('', { headers: { 'content-security-policy': "sandbox; default-src 'none'" } }));
		expect(r.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
		expect(r.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('gives a 304 no CSP: it would replace the CSP of the page the browser revalidated', () => {
		const r = withSecurityHeaders(new Response(null, { status: 304, headers: { etag: '"x"' } }));
		expect(r.headers.get('content-security-policy')).toBeNull();
		expect(r.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('copies a response whose headers are immutable', async () => {
		const immutable = Response.redirect('http://127.0.0.1/x', 303);
		const r = withSecurityHeaders(immutable);
		expect(r.status).toBe(303);
		expect(r.headers.get('x-content-type-options')).toBe('nosniff');
	});
});

describe('headers on responses the hook never sees (built assets)', () => {
	it('are added when the head is written, a header the response set itself kept', async () => {
		const { secureEveryResponse } = await import('./headers.js');
		const http = await import('node:http');
		secureEveryResponse();
		const server = http.createServer((req, res) => {
			if (req.url === '/own') res.setHeader('referrer-policy', 'no-referrer');
			if (req.url === '/revalidated') res.writeHead(304, { etag: '"x"' });
			res.end('x');
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const port = (server.address() as { port: number }).port;
		try {
			const a = await fetch(`http://127.0.0.1:${port}/_app/x.js`);
			expect(a.headers.get('x-content-type-options')).toBe('nosniff');
			expect(a.headers.get('content-security-policy')).toBe(NON_PAGE_CSP);
			const b = await fetch(`http://127.0.0.1:${port}/own`);
			expect(b.headers.get('referrer-policy')).toBe('no-referrer');
			const c = await fetch(`http://127.0.0.1:${port}/revalidated`, { headers: { 'if-none-match': '"x"' } });
			expect([c.status, c.headers.get('content-security-policy')]).toEqual([304, null]);
		} finally {
			server.close();
		}
	});
});

describe('what Node answers by itself', () => {
	it('a 431 for headers past the limit, a 400 otherwise, with the headers every response carries', () => {
		const r = clientErrorResponse('HPE_HEADER_OVERFLOW');
		expect(r.startsWith('HTTP/1.1 431 Request Header Fields Too Large\r\n')).toBe(true);
		expect(r).toContain(`content-security-policy: ${NON_PAGE_CSP}\r\n`);
		expect(r).toContain('x-content-type-options: nosniff\r\n');
		expect(r.endsWith('\r\n\r\n')).toBe(true);
		expect(clientErrorResponse('HPE_INVALID_METHOD').startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
	});
});
