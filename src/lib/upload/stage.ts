/**
 * Where an ingest is, as the upload page and GET /api/uploads/{id} say it: reading its files
 * (file `done` of `total`; page `n` of `of` of a scan being read), checking, writing. One
 * definition for the ingest that reports it, the server that keeps it and the page that shows it.
 */
import { z } from 'zod';

export const IngestStage = z.discriminatedUnion('stage', [
	z.object({
		stage: z.literal('parsing'),
		done: z.number().int().nonnegative(),
		total: z.number().int().nonnegative(),
		page: z.object({ file: z.string().max(300), n: z.number().int().positive(), of: z.number().int().positive() }).optional()
	}),
	z.object({ stage: z.literal('checking') }),
	z.object({ stage: z.literal('writing') })
]);
export type IngestStage = z.infer<typeof IngestStage>;

/** The stage in words (zh-CN). */
export function stageLabel(s: IngestStage): string {
	if (s.stage === 'checking') return '正在检查（勾稽关系、跨年度、同级比较、雷同）';
	if (s.stage === 'writing') return '正在写入数据库';
	const file = `正在读取文件（第 ${Math.min(s.done + 1, Math.max(1, s.total))} 个，共 ${s.total} 个）`;
	return s.page ? `${file}：${s.page.file}，第 ${s.page.n} 页，共 ${s.page.of} 页` : file;
}

/** How far along it is (0..1): reading the files is most of it; the checks and the writing take the rest. */
export function stageFraction(s: IngestStage): number {
	if (s.stage === 'checking') return 0.9;
	if (s.stage === 'writing') return 0.95;
	const pages = s.page ? (s.page.n - 1) / s.page.of : 0;
	return (0.9 * (s.done + pages)) / Math.max(1, s.total);
}
