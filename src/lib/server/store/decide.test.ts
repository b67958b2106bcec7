import { describe, expect, it } from 'vitest';
import { disagreements, outranks, whatToRedo } from './decide.js';
import { parseBytes } from '../../ingest/parse.js';
import { sampleReport } from './testing.js';

const code = { schema: 3, readers: 'r1', checks: 'c1' };
const made = { schema: 3, readers: 'r1', checks: 'c1', registry: 'g1' };

describe('what a run must redo', () => {
	it('nothing, when the database was made by this code and registry', () => {
		expect(whatToRedo(made, code, 'g1')).toEqual({ fresh: false, reattribute: false, recheck: false });
	});
	it('everything, with no database, another schema, other readers, or when asked', () => {
		for (const m of [null, { ...made, schema: 2 }, { ...made, readers: 'r0' }, { ...made, schema: null, readers: null }]) {
			expect(whatToRedo(m, code, 'g1')).toEqual({ fresh: true, reattribute: false, recheck: true });
		}
		expect(whatToRedo(made, code, 'g1', true).fresh).toBe(true);
	});
	it('the matching of agencies and the checks, with another registry; the checks only, with other rules', () => {
		expect(whatToRedo(made, code, 'g2')).toEqual({ fresh: false, reattribute: true, recheck: true });
		expect(whatToRedo({ ...made, checks: 'c0' }, code, 'g1')).toEqual({ fresh: false, reattribute: false, recheck: true });
	});
});

describe('which of two sources stands for a report', () => {
	const read = (text: string, file: string) => parseBytes(new TextEncoder().encode(text), file);

	it('the richer, then the format that keeps tables best, then the first path: an order, whatever comes first', async () => {
		const full = await read(sampleReport('示例县甲镇人民政府', 2024, 3), 'a.txt');
		const html = { ...full, format: 'html' as const };
		const poorer = { ...full, warnings: [...full.warnings, { code: 'x', message: 'x' }] };
		expect(outranks({ report: full, path: 'b.txt' }, null)).toBe(true);
		expect(outranks({ report: full, path: 'b.txt' }, { report: poorer, path: 'a.txt' })).toBe(true);
		expect(outranks({ report: poorer, path: 'a.txt' }, { report: full, path: 'b.txt' })).toBe(false);
		expect(outranks({ report: html, path: 'z.html' }, { report: full, path: 'a.txt' })).toBe(true);
		expect(outranks({ report: full, path: 'a.txt' }, { report: full, path: 'b.txt' })).toBe(true);
		expect(outranks({ report: full, path: 'b.txt' }, { report: full, path: 'a.txt' })).toBe(false);
	});

	it('the cells both read and read differently', async () => {
		const a = await read(sampleReport('示例县甲镇人民政府', 2024, 3), 'a.txt');
		const b = await read(sampleReport('示例县甲镇人民政府', 2024, 4), 'b.txt');
		expect(disagreements(a, a)).toEqual([]);
		const d = disagreements(a, b).map(([p, o]) => [`${p.table}.${p.row}.${p.col}`, p.value, o.value]);
		expect(d).toContainEqual(['applications.new_received.total', 3, 4]);
		expect(d).toContainEqual(['applications.granted.natural_person', 3, 4]);
	});
});
