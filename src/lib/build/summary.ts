/**
 * The ingest's one summary line (interfaces.md): `ingested N, unchanged U, rejected R`, then the
 * entries skipped as not reports, by reason, so that every entry under the paths is counted.
 */
import type { IngestSummary } from './ingest.js';

export function summaryLine(s: Pick<IngestSummary, 'ingested' | 'unchanged' | 'rejected' | 'skipped'>): string {
	const line = `ingested ${s.ingested}, unchanged ${s.unchanged}, rejected ${s.rejected}`;
	const reasons = Object.entries(s.skipped).filter(([, n]) => n);
	const skipped = reasons.reduce((a, [, n]) => a + n!, 0);
	return `${line}, skipped ${skipped}${skipped ? ` (${reasons.map(([why, n]) => `${why} ${n}`).join(', ')})` : ''}`;
}
