import { z } from 'zod';

/**
 * Where to go after signing in: a path of this site only (never another origin): no `//` or
 * `/\` start, and no whitespace or control character anywhere (browsers drop a tab or a line
 * break from a URL, which would make `/<tab>/host` a link to another site); percent-encoded, as a
 * Location header must be (a path may be Chinese).
 */
const Next = z
	.string()
	.max(2000)
	// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
	.regex(/^\/(?![/\\])[^\s\\\u0000-\u001f\u007f]*$/)
	.catch('/');

/** The page to go to after signing in, from the URL's `next`: this site's path, or `/`. */
export function nextOf(url: URL): string {
	const target = new URL(Next.parse(url.searchParams.get('next') ?? '/'), url.origin);
	if (target.origin !== url.origin) return '/';
	// Checked again as it will be sent: normalising `/..//evil.example` or `/%2e%2e//evil.example` gives `//evil.example`.
	const path = target.pathname + target.search + target.hash;
	return Next.parse(path) === path ? path : '/';
}
