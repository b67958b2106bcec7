import { describe, expect, it } from 'vitest';
import { IngestStage, stageFraction, stageLabel } from './stage.js';

describe('an ingest’s stage', () => {
	it('says where it is, a scan page by page', () => {
		expect(stageLabel({ stage: 'parsing', done: 0, total: 3 })).toBe('正在读取文件（第 1 个，共 3 个）');
		expect(stageLabel({ stage: 'parsing', done: 1, total: 3, page: { file: 'a.pdf', n: 2, of: 6 } })).toBe(
			'正在读取文件（第 2 个，共 3 个）：a.pdf，第 2 页，共 6 页'
		);
		expect(stageLabel({ stage: 'parsing', done: 3, total: 3 })).toBe('正在读取文件（第 3 个，共 3 个）');
		expect(stageLabel({ stage: 'checking' })).toMatch(/^正在检查/);
		expect(stageLabel({ stage: 'writing' })).toBe('正在写入数据库');
	});

	it('moves forward: files, a scan’s pages, the checks, the writing', () => {
		const order: IngestStage[] = [
			{ stage: 'parsing', done: 0, total: 2 },
			{ stage: 'parsing', done: 0, total: 2, page: { file: 'a.pdf', n: 3, of: 4 } },
			{ stage: 'parsing', done: 1, total: 2 },
			{ stage: 'parsing', done: 2, total: 2 },
			{ stage: 'checking' },
			{ stage: 'writing' }
		];
		const fractions = order.map(stageFraction);
		expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
		expect(fractions.every((f) => f >= 0 && f < 1)).toBe(true);
	});

	it('refuses what is not one (the workbench keeps it as JSON)', () => {
		expect(IngestStage.safeParse({ stage: 'parsing', done: -1, total: 2 }).success).toBe(false);
		expect(IngestStage.safeParse({ stage: 'other' }).success).toBe(false);
	});
});
