/**
 * What an exported chart or table says it is of, and the names of its files. Each chart's own
 * title is in its definition (`charts/defs/`).
 */
import { LEVEL_LABELS } from '../report/agencies.js';
import type { Scope } from '../filters.js';
import type { Subject } from './define.js';

/** 2024年 · 示例省/示例市（乡镇（街道）） */
export function filtersLine(s: { year: number; region: string; levelLabel?: string }): string {
	return `${s.year}年 · ${s.region}${s.levelLabel ? `（${s.levelLabel}）` : ''}`;
}

/** 2024年-示例市-各单位公开率 */
export function chartFilename(s: { year: number; region: string }, title: string): string {
	return fileName(`${s.year}年-${s.region.split('/').pop()}`, title);
}

/** A file's name from what it is of and its title (no extension), without characters a file system refuses. */
export function fileName(prefix: string, title: string): string {
	return `${prefix}-${title}`.replace(/[\\/:*?"<>|]/g, '_');
}

/** A chart of the filters' scope: its filters under the title, year and place in its file name. */
export function scopeSubject(s: Pick<Scope, 'year' | 'region' | 'level' | 'generated'>): Subject {
	return {
		subtitle: filtersLine({ ...s, levelLabel: s.level ? LEVEL_LABELS[s.level] : undefined }),
		filePrefix: `${s.year}年-${s.region.split('/').pop()}`,
		generated: s.generated
	};
}
