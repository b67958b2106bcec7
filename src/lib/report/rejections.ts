/**
 * Why a file did not become a report: a stable code beside the Chinese reason, so that the
 * dashboard can group rejections and a later step can route some (scans) elsewhere.
 */
export const REJECTION_CODES = {
	unsupported_type: '不支持的文件类型',
	too_large: '文件过大',
	too_many_pages: '页数过多',
	timeout: '解析超时',
	empty_file: '空文件',
	no_text_layer: '扫描件（无文字层）',
	encrypted: '文件已加密',
	broken_file: '文件损坏',
	not_a_report: '不是年度报告',
	no_agency: '无法确定报告单位',
	no_year: '无法确定报告年度',
	not_a_file: '不是普通文件',
	unreadable: '无法读取',
	vanished: '读取时文件已不存在',
	changed_during_run: '读取时文件被修改',
	parser_crashed: '解析进程异常退出',
	internal: '程序错误'
} as const;

export type RejectionCode = keyof typeof REJECTION_CODES;
export const REJECTION_CODE_LIST = Object.keys(REJECTION_CODES) as [RejectionCode, ...RejectionCode[]];

export interface Rejection {
	code: RejectionCode;
	/** One line a supervisor can act on. */
	reason: string;
}

/**
 * Rejections that say nothing of the file itself (its parser died, it went or changed while read,
 * our own error): not kept as its verdict, so the next run reads it again, unchanged or not.
 */
export const TRANSIENT_REJECTIONS: readonly RejectionCode[] = ['parser_crashed', 'vanished', 'changed_during_run', 'internal'];
