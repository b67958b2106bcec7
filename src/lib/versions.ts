/** How a version of a report (更正版) is named on the pages: when it came, and how. */

export interface VersionWhen {
	arrived: string | null;
	arrived_from: 'upload' | 'published' | null;
}

/** 2025-03-01 10:00 上传 · 2025-01-20 发布 · 日期不详 (an upload's moment is China time: report/arrival.ts). */
export function versionWhen(v: VersionWhen): string {
	if (!v.arrived) return '日期不详';
	return v.arrived_from === 'upload' ? `${v.arrived.replace('T', ' ').slice(0, 16)} 上传` : `${v.arrived} 发布`;
}

export const versionName = (n: number, current: boolean) => `第 ${n} 版${current ? '（现行）' : ''}`;
