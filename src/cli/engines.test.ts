/**
 * The Node.js the README names (package.json `engines`) is one every installed package accepts:
 * `npm install` on it warns of no engine (EBADENGINE). A dependency that wants a newer Node is
 * pinned back, or overridden (package.json `overrides`).
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };

describe('the Node.js the README names', () => {
	it('is accepted by every package installed', () => {
		const ours = semver.minVersion(pkg.engines.node)!.version;
		const refusing = Object.entries(lock.packages)
			.filter(([name]) => name !== '')
			.flatMap(([name, p]) => {
				const range = !p.engines || Array.isArray(p.engines) ? undefined : p.engines.node;
				return range && !semver.satisfies(ours, range) ? [`${name}: ${range}`] : [];
			});
		expect(refusing).toEqual([]);
	});
});
