/** After signing in, only a path of this site: also once normalised (`/..//host` becomes `//host`). */
import { describe, expect, it } from 'vitest';
import { nextOf } from './next.js';

const next = (raw: string) => nextOf(new URL(`http://127.0.0.1:3000/login?next=${raw}`));

describe('the page after signing in', () => {
	it('is a path of this site, kept with its query', () => {
		expect(next(encodeURIComponent('/missing?region=福建省&year=2025'))).toBe('/missing?region=%E7%A6%8F%E5%BB%BA%E7%9C%81&year=2025');
		expect(next(encodeURIComponent('/reports/12024'))).toBe('/reports/12024');
	});

	it('is never another site, however it is spelled', () => {
		for (const raw of [
			'%2F..%2F%2Fevil.example%2Fphish',
			'/%2e%2e//evil.example',
			'%2F%2E%2E%2F%2Fevil.example',
			'/./..//evil.example',
			'//evil.example',
			'/\\evil.example',
			'https://evil.example/',
			'/%09/evil.example',
			'/a/../..//evil.example'
		])
			expect(next(raw), raw).toBe('/');
	});
});
