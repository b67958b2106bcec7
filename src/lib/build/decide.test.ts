import { describe, expect, it } from 'vitest';
import { changedCells, disagreements, outranks, versionsOf, whatToRedo } from './decide.js';
import { reportCells } from '../report/cells.js';
import { arrivalKey, uploadFileName, uploadedAt } from '../report/arrival.js';
import { parseBytes } from '../ingest/parse.js';
import { sampleReport } from './testing.js';

const code = { schema: 3, readers: 'r1', checks: 'c1' };
const made = { schema: 3, readers: 'r1', checks: 'c1', registry: 'g1', season: 's1' };

describe('what a run must redo', () => {
	it('nothing, when the database was made by this code and registry', () => {
		expect(whatToRedo(made, code, 'g1', 's1')).toEqual({ fresh: false, reattribute: false, recheck: false });
	});
	it('everything, with no database, another schema, other readers, or when asked', () => {
		for (const m of [null, { ...made, schema: 2 }, { ...made, readers: 'r0' }, { ...made, schema: null, readers: null }]) {
			expect(whatToRedo(m, code, 'g1', 's1')).toEqual({ fresh: true, reattribute: false, recheck: true });
		}
		expect(whatToRedo(made, code, 'g1', 's1', true).fresh).toBe(true);
	});
	it('the matching of agencies and the checks, with another registry; the checks only, with other rules', () => {
		expect(whatToRedo(made, code, 'g2', 's1')).toEqual({ fresh: false, reattribute: true, recheck: true });
		expect(whatToRedo({ ...made, checks: 'c0' }, code, 'g1', 's1')).toEqual({ fresh: false, reattribute: false, recheck: true });
	});
	it('the checks only, once a deadline has passed since they ran (the season changed)', () => {
		expect(whatToRedo(made, code, 'g1', 's2')).toEqual({ fresh: false, reattribute: false, recheck: true });
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

describe('the versions of a report (更正版)', () => {
	const read = (text: string, file: string) => parseBytes(new TextEncoder().encode(text), file);
	const agency = '示例县甲镇人民政府';

	it('files with the same figures are one version; other figures that came later are a later version, whatever order the files come in', async () => {
		const first = await read(sampleReport(agency, 2024, 3), 'a.txt');
		const sameAsHtml = { ...first, format: 'html' as const };
		const corrected = await read(sampleReport(agency, 2024, 4), 'c.txt');
		const files = [
			{ report: corrected, path: 'z/new-2024-20250301T020000Z-0000000c.txt', sha256: 'c', at: '2025-03-01T10:00:00' },
			{ report: first, path: 'a.txt', sha256: 'a', at: '2025-01-20' },
			{ report: sameAsHtml, path: 'b.html', sha256: 'b', at: null }
		];
		for (const order of [files, [...files].reverse(), [files[1], files[0], files[2]]]) {
			const v = versionsOf(order);
			expect(v.map((x) => [x.at, x.sources.map((s) => s.path)])).toEqual([
				// The same figures in two files: one version, the format that keeps tables best standing for it; it came when the first did.
				['2025-01-20', ['b.html', 'a.txt']],
				['2025-03-01T10:00:00', ['z/new-2024-20250301T020000Z-0000000c.txt']]
			]);
		}
	});

	it('a file that states no date counts as older than one that does; other figures with nothing to order them are one version whose files disagree', async () => {
		const a = await read(sampleReport(agency, 2024, 3), 'a.txt');
		const b = await read(sampleReport(agency, 2024, 5), 'b.txt');
		expect(
			versionsOf([
				{ report: b, path: 'b.txt', sha256: 'b', at: '2025-01-20' },
				{ report: a, path: 'a.txt', sha256: 'a', at: null }
			]).map((v) => v.at)
		).toEqual([null, '2025-01-20']);
		const same = versionsOf([
			{ report: b, path: 'b.txt', sha256: 'b', at: '2025-01-20' },
			{ report: a, path: 'a.txt', sha256: 'a', at: '2025-01-20' }
		]);
		expect(same).toHaveLength(1);
		expect(same[0].sources.map((s) => s.path)).toEqual(['a.txt', 'b.txt']);
	});

	it('a changed cell is one whose figure both know: a blank filled counts, a cell one reader could not read does not', async () => {
		const a = await read(
			sampleReport(agency, 2024, 3, undefined, (c) => (c.applications.carried_over.total = null)),
			'a.txt'
		);
		const b = await read(sampleReport(agency, 2024, 3), 'b.txt');
		expect(changedCells(reportCells(a), reportCells(b))).toEqual([{ table: 'applications', row: 'carried_over', col: 'total', before: null, after: 0 }]);
		const unreadable = reportCells(b).map((c) => (c.row === 'granted' && c.col === 'total' ? { ...c, value: null, raw: '6233440' } : c));
		expect(changedCells(unreadable, reportCells(b))).toEqual([]);
		expect(changedCells(reportCells(b), reportCells(b))).toEqual([]);
	});
});

describe('when a file came', () => {
	it('an upload by the moment in its name (China time), any other file by the date it states', () => {
		const name = uploadFileName(12, 2024, new Date('2025-03-01T02:00:05.123Z'), 'abcdef0123456789', 'txt');
		expect(name).toBe('12-2024-20250301T020005Z-abcdef01.txt');
		expect(uploadedAt(`data/reports/uploads/${name}`)?.toISOString()).toBe('2025-03-01T02:00:05.000Z');
		expect(arrivalKey(`data/reports/uploads/${name}`, '2025-01-20')).toBe('2025-03-01T10:00:05');
		expect(arrivalKey('data/reports/real/x-2024.txt', '2025-01-20')).toBe('2025-01-20');
		expect(arrivalKey('data/reports/real/12-2024-20250301T020005Z.txt', null)).toBe(null);
		// Keys compare as strings: an upload on the day a report was published came after it.
		expect('2025-03-01' < '2025-03-01T00:00:01').toBe(true);
	});
});
