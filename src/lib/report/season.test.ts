/** Deadlines, the year under review and each (agency, year)'s status: the season's arithmetic. */
import { describe, expect, it } from 'vitest';
import { agencyDue, daysLate, dueDate, latestPastDue, owedSpan, reviewYear, rosterStatus, seasonKey } from './season.js';

describe('deadlines', () => {
	it('by level (条例 第四十九条): departments and, by default, townships 31 January; governments 31 March; a row’s own date first', () => {
		expect(agencyDue('department', null)).toBe('01-31');
		expect(agencyDue('township', null)).toBe('01-31');
		for (const l of ['county', 'city', 'province'] as const) expect(agencyDue(l, null)).toBe('03-31');
		expect(agencyDue('township', null, { due: { township: '03-31' } })).toBe('03-31');
		expect(agencyDue('township', '02-15', { due: { township: '03-31' } })).toBe('02-15');
		expect(dueDate(2024, '01-31')).toBe('2025-01-31');
		expect(dueDate(2023, '02-29')).toBe('2024-02-29');
		expect(dueDate(2024, '02-29')).toBe('2025-02-28');
	});

	it('the year under review is the latest whose deadline has passed for departments and townships', () => {
		expect(reviewYear('2026-12-07')).toBe(2025);
		expect(reviewYear('2026-01-31')).toBe(2024); // the deadline's own day is still in time
		expect(reviewYear('2026-02-01')).toBe(2025);
		expect(reviewYear('2026-02-01', { due: { township: '03-31' } })).toBe(2024);
		expect(latestPastDue('2026-03-31', '03-31')).toBe(2024);
		expect(latestPastDue('2026-04-01', '03-31')).toBe(2025);
	});

	it('a year is owed from the registry’s first year (else the first report, else the year under review) to its last (else the year under review)', () => {
		const today = '2026-12-07';
		expect(owedSpan({ first_year: null, last_year: null }, [2022, 2024], today)).toEqual([2022, 2025]);
		expect(owedSpan({ first_year: 2020, last_year: null }, [2022], today)).toEqual([2020, 2025]);
		expect(owedSpan({ first_year: null, last_year: 2023 }, [2021], today)).toEqual([2021, 2023]);
		expect(owedSpan({ first_year: null, last_year: null }, [], today)).toEqual([2025, 2025]);
		expect(owedSpan({ first_year: null, last_year: null }, [2026], today)).toEqual([2026, 2026]);
		expect(owedSpan({ first_year: 2024, last_year: 2023 }, [], today)).toBeNull();
		// In January the year just ended is owed (not yet due) though 2024 is still the year under review.
		expect(owedSpan({ first_year: null, last_year: null }, [2023], '2026-01-20')).toEqual([2023, 2025]);
	});

	it('status: received in time or on an unknown date, late after the deadline, missing once past due, pending before', () => {
		const due = '2025-01-31';
		expect(rosterStatus(true, due, { published: '2025-01-31' }, '2026-12-07')).toBe('received');
		expect(rosterStatus(true, due, { published: null }, '2026-12-07')).toBe('received');
		expect(rosterStatus(true, due, { published: '2025-02-01' }, '2026-12-07')).toBe('late');
		expect(rosterStatus(false, due, { published: null }, '2026-12-07')).toBe('received');
		expect(rosterStatus(true, due, null, '2025-02-01')).toBe('missing');
		expect(rosterStatus(true, due, null, '2025-01-31')).toBe('pending');
		expect(rosterStatus(false, due, null, '2026-12-07')).toBe('not_owed');
		expect(daysLate('2025-03-08', '2025-01-31')).toBe(36);
	});

	it('the season’s key changes on the day after a deadline, and with the settings', () => {
		expect(seasonKey('2026-02-01', [])).toBe(seasonKey('2026-03-31', []));
		expect(seasonKey('2026-01-31', [])).not.toBe(seasonKey('2026-02-01', []));
		expect(seasonKey('2026-03-31', [])).not.toBe(seasonKey('2026-04-01', []));
		expect(seasonKey('2026-02-20', ['02-15'])).not.toBe(seasonKey('2026-02-10', ['02-15']));
	});
});
