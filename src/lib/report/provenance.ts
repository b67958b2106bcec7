/**
 * Where a stored report file came from, kept beside it as `FILE.source.json` (season.md): the
 * page it was collected from (URL, the 发布日期 printed there, when it was fetched, its HTTP
 * validators) or the person who uploaded it and the 发布日期 they entered. A rebuild from the
 * files reads it again, so a date entered once is never lost.
 */
import { z } from 'zod';

export const PROVENANCE_SUFFIX = '.source.json';
/** A provenance file is small; anything larger is not one. */
export const MAX_PROVENANCE_BYTES = 64 * 1024;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ProvenanceSchema = z.object({
	/** The page the file was collected from (collection), absent for an upload. */
	url: z.string().max(2000).optional(),
	/** The 发布日期: printed on the page (collected) or entered at upload; null when not known. */
	published: IsoDate.nullable().optional(),
	/** `collected` or `entered`: where the date came from (default: collected with a URL, else entered). */
	published_from: z.enum(['collected', 'entered']).optional(),
	fetched_at: z.string().max(40).optional(),
	etag: z.string().max(400).nullable().optional(),
	last_modified: z.string().max(100).nullable().optional(),
	sha256: z.string().max(64).optional(),
	agency_id: z.number().int().optional(),
	year: z.number().int().optional(),
	/** The upload's account (the workbench keeps who as well). */
	uploaded_by: z.string().max(100).optional()
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const provenancePath = (file: string) => file + PROVENANCE_SUFFIX;

const SOURCE_LABELS = { collected: '网页发布日期（采集）', entered: '上传时填写的发布日期' } as const;

/**
 * The publication date a report is known by: the provenance's (collected, then entered) before
 * what the file itself says (a page's 发布时间, then the 落款 date at its end). Never the day a
 * file was uploaded or fetched.
 */
export function publicationOf(p: Provenance | null, own: { date: string; source: string } | null): { date: string; source: string } | null {
	if (p?.published) return { date: p.published, source: SOURCE_LABELS[p.published_from ?? (p.url ? 'collected' : 'entered')] };
	return own;
}
