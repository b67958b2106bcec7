import { describe, expect, it } from 'vitest';
import {
	INFERRED_BASE,
	MAX_AGENCY_ID,
	MAX_REGISTRY_ID,
	MAX_YEAR,
	MIN_YEAR,
	ReportIdSet,
	agencyOfReport,
	findingId,
	inferredAgencyId,
	reportId,
	yearOfReport
} from './ids.js';

describe('report ids', () => {
	it('hold the agency and the year, exactly, for every agency id', () => {
		for (const agency of [1, 139_999, MAX_REGISTRY_ID, INFERRED_BASE, MAX_AGENCY_ID]) {
			const id = reportId(agency, 2025);
			expect(Number.isSafeInteger(id)).toBe(true);
			expect([agencyOfReport(id), yearOfReport(id)]).toEqual([agency, 2025]);
		}
		expect(reportId(MAX_AGENCY_ID, MAX_YEAR)).toBeLessThan(2 ** 53);
	});

	it('of agencies known by name lie past every registry id, and stay the same', () => {
		const a = inferredAgencyId('大安市叉干镇');
		expect(a).toBeGreaterThan(MAX_REGISTRY_ID);
		expect(a).toBeLessThanOrEqual(MAX_AGENCY_ID);
		expect(inferredAgencyId('大安市叉干镇')).toBe(a);
		expect(inferredAgencyId('大安市叉干镇', 1)).not.toBe(a);
		expect(inferredAgencyId('大安市两家子镇')).not.toBe(a);
	});

	it('a set of them answers exactly what was added, its size set by the agencies, not the reports', () => {
		const set = new ReportIdSet();
		const named = inferredAgencyId('示例县甲镇');
		const added = [
			reportId(1, MIN_YEAR),
			reportId(1, MAX_YEAR),
			reportId(7, 2024),
			reportId(214_748, 2019),
			reportId(named, 2024),
			reportId(MAX_REGISTRY_ID, 2020)
		];
		for (const id of added) set.add(id);
		for (const id of added) expect(set.has(id)).toBe(true);
		for (const id of [
			reportId(1, 2001),
			reportId(2, MIN_YEAR),
			reportId(7, 2023),
			reportId(7, 2025),
			reportId(214_747, 2019),
			reportId(8, 2024),
			reportId(named, 2023),
			reportId(named + 1, 2024)
		]) {
			expect(set.has(id), String(id)).toBe(false);
		}
		// Every year of 170,000 agencies (a nation): the set is as large after one year of each as
		// after seven, 13 bytes an agency (a Map of 1.2 million entries takes ~100 MB).
		const many = new ReportIdSet();
		for (let a = 1_000_000; a < 1_170_000; a++) many.add(reportId(a, 2019));
		const oneYear = many.bytes;
		for (let a = 1_000_000; a < 1_170_000; a++) for (let y = 2020; y <= 2025; y++) many.add(reportId(a, y));
		expect(many.bytes).toBe(oneYear);
		expect(oneYear).toBeGreaterThanOrEqual((170_000 * (MAX_YEAR - MIN_YEAR + 1)) / 8); // held as bits, not in a set
		expect(many.bytes).toBeLessThanOrEqual(Math.ceil(((170_000 + 2 * 1024) * (MAX_YEAR - MIN_YEAR + 1)) / 8));
		expect(many.has(reportId(1_169_999, 2025)) && !many.has(reportId(1_170_000, 2025))).toBe(true);
		expect(() => set.add(reportId(1, 1999))).toThrow(RangeError);
	});
});

describe('finding ids', () => {
	it('read as agency, year and rule, and tell subjects apart', () => {
		expect(findingId('missing_report', 3, 2024, '')).toBe('3-2024-missing_report');
		const a = findingId('t3_balance', 3, 2024, 'applications.new_received.total');
		expect(a).toMatch(/^3-2024-t3_balance-[0-9a-z]+$/);
		expect(findingId('t3_balance', 3, 2024, 'applications.new_received.total')).toBe(a);
		expect(findingId('t3_balance', 3, 2024, 'applications.new_received.natural_person')).not.toBe(a);
		expect(findingId('t3_balance', 3, 2023, 'applications.new_received.total')).not.toBe(a);
	});
});
