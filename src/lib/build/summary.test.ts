import { describe, expect, it } from 'vitest';
import { summaryLine } from './summary.js';

describe('the ingest summary line', () => {
	it('starts as interfaces.md says and counts the skipped entries by reason', () => {
		const line = summaryLine({ ingested: 3, unchanged: 2, rejected: 1, skipped: { hidden: 2, documentation: 1, not_a_report_type: 0 } });
		expect(line).toBe('ingested 3, unchanged 2, rejected 1, skipped 3 (hidden 2, documentation 1)');
		expect(summaryLine({ ingested: 0, unchanged: 0, rejected: 0, skipped: {} })).toBe('ingested 0, unchanged 0, rejected 0, skipped 0');
	});
});
