import { describe, expect, it } from 'vitest';
import { MAX_AGENCY_ID, MAX_YEAR, MIN_YEAR, ReportIdSet, agencyOfReport, reportId, yearOfReport } from './ids.js';

describe('report ids', () => {
	it('hold the agency and the year, within an INTEGER', () => {
		const id = reportId(139_999, 2025);
		expect([agencyOfReport(id), yearOfReport(id)]).toEqual([139_999, 2025]);
		expect(reportId(MAX_AGENCY_ID, MAX_YEAR)).toBeLessThanOrEqual(2 ** 31 - 1);
		expect(reportId(MAX_AGENCY_ID + 1, MAX_YEAR)).toBeGreaterThan(2 ** 31 - 1);
	});

	it('a set of them answers exactly what was added, its size set by the agencies, not the reports', () => {
		const set = new ReportIdSet();
		const added = [reportId(1, MIN_YEAR), reportId(1, MAX_YEAR), reportId(7, 2024), reportId(MAX_AGENCY_ID, 2019)];
		for (const id of added) set.add(id);
		for (const id of added) expect(set.has(id)).toBe(true);
		for (const id of [reportId(1, 2001), reportId(2, MIN_YEAR), reportId(7, 2023), reportId(7, 2025), reportId(MAX_AGENCY_ID - 1, 2019), reportId(8, 2024)]) {
			expect(set.has(id), String(id)).toBe(false);
		}
		// Every year of 20,000 agencies: the set is as large after one year of each as after seven,
		// and at most 2.7 MB for any agency ids (a Map of 140,000 entries takes ~15 MB).
		const many = new ReportIdSet();
		for (let a = 100_000; a < 120_000; a++) many.add(reportId(a, 2019));
		const oneYear = many.bytes;
		for (let a = 100_000; a < 120_000; a++) for (let y = 2020; y <= 2025; y++) many.add(reportId(a, y));
		expect(many.bytes).toBe(oneYear);
		expect(many.bytes).toBeLessThanOrEqual(Math.ceil(((MAX_AGENCY_ID + 1) * (MAX_YEAR - MIN_YEAR + 1)) / 8));
		expect(many.has(reportId(119_999, 2025)) && !many.has(reportId(120_000, 2025))).toBe(true);
		expect(() => set.add(reportId(1, 1999))).toThrow(RangeError);
	});
});
