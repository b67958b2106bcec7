import { describe, expect, it } from 'vitest';
import { printedOrder } from './template.js';

describe('the printed order of a template’s cells', () => {
	it('is 表二, 表三, 表四, each top to bottom and left to right', () => {
		const rank = printedOrder('2021');
		const cells = [
			{ table: 'reviews', row: 'review', col: 'total' },
			{ table: 'applications', row: 'granted', col: 'total' },
			{ table: 'applications', row: 'new_received', col: 'research' },
			{ table: 'applications', row: 'new_received', col: 'natural_person' },
			{ table: 'reviews', row: 'review', col: 'upheld' },
			{ table: 'proactive', row: 'regulations', col: 'issued' }
		];
		const sorted = [...cells].sort((a, b) => rank(a) - rank(b)).map((c) => `${c.table}.${c.row}.${c.col}`);
		expect(sorted).toEqual([
			'proactive.regulations.issued',
			'applications.new_received.natural_person',
			'applications.new_received.research',
			'applications.granted.total',
			'reviews.review.upheld',
			'reviews.review.total'
		]);
		expect(rank({ table: 'applications', row: 'no_such_row', col: 'total' })).toBeGreaterThan(rank({ table: 'reviews', row: 'review', col: 'total' }));
	});
});
