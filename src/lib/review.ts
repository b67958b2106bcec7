/** A finding's review state, as the pages name it (the workbench keeps each change: server/workbench/reviews.ts). */
export const REVIEW_STATES = ['open', 'confirmed', 'dismissed', 'corrected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
export const STATE_LABELS: Record<ReviewState, string> = { open: '待核实', confirmed: '属实', dismissed: '误报', corrected: '已整改' };
/** A reviewed finding the latest rebuild no longer finds (the report was corrected): its history is kept. */
export const GONE_LABEL = '已消除';
/** The states that count as problems in every count and chart; dismissed and corrected ones drop out. */
export const COUNTED_STATES: readonly ReviewState[] = ['open', 'confirmed'];
