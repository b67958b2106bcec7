/**
 * The national template of the 政府信息公开工作年度报告, as data.
 *
 * This is the one place where a row, column, item or measure of the template is named and
 * labelled. Parsers match labels against `variants`, checks and metrics refer to keys, pages
 * print `label`. Label variants are the spellings seen in real published reports (typos
 * included): add one here and every reader understands it.
 *
 * Variants are compared after `normalizeLabel` (see labels.ts): whitespace, quotes and
 * numbering such as 三、 / 3、 / （三） / 1. are removed, so they are written without them.
 */

export const TEMPLATE_IDS = ['2019', '2021'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** 国办公开办函〔2019〕60号 applies to the 2019 and 2020 reports; 〔2021〕30号 from 2021 on. */
export function templateForYear(year: number): TemplateId {
	return year >= 2021 ? '2021' : '2019';
}

export const TEMPLATE_NAMES: Record<TemplateId, string> = {
	'2019': '国办公开办函〔2019〕60号',
	'2021': '国办公开办函〔2021〕30号'
};

// ---------------------------------------------------------------------------------------------
// Sections

export const SECTION_KEYS = ['overview', 'proactive', 'applications', 'reviews', 'problems', 'other_matters'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export interface SectionDef {
	key: SectionKey;
	label: string;
	/** Heading phrases after normalization; a heading is a short numbered line containing one. */
	variants: string[];
}

export const SECTIONS: readonly SectionDef[] = [
	{ key: 'overview', label: '总体情况', variants: ['总体情况', '基本情况'] },
	{
		key: 'proactive',
		label: '主动公开政府信息情况',
		variants: ['主动公开政府信息情况', '主动公开政府信息', '主动公开情况']
	},
	{
		key: 'applications',
		label: '收到和处理政府信息公开申请情况',
		variants: ['收到和处理政府信息公开申请情况', '收到和处理政府信息公开申请', '依申请公开情况']
	},
	{
		key: 'reviews',
		label: '政府信息公开行政复议、行政诉讼情况',
		variants: [
			'政府信息公开行政复议行政诉讼情况',
			'政府信息公开行政复议和行政诉讼情况',
			'政府信息公开行政复议及行政诉讼情况',
			'政府信息公开行政法复议行政诉讼情况',
			'行政复议行政诉讼情况',
			'行政复议和行政诉讼情况'
		]
	},
	{
		key: 'problems',
		label: '存在的主要问题及改进情况',
		variants: [
			'存在的主要问题及改进情况',
			'存在的主要问题和改进情况',
			'存在的主要问题及改进措施',
			'政府信息公开工作存在的主要问题及改进情况',
			'政府信息公开工作存在的主要问题',
			'存在的主要问题'
		]
	},
	{
		key: 'other_matters',
		label: '其他需要报告的事项',
		variants: ['其他需要报告的事项', '其他需要报告事项', '其他需报告的事项']
	}
];

// ---------------------------------------------------------------------------------------------
// Table 3 — 收到和处理政府信息公开申请情况

export const APPLICANT_COLUMNS = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total'] as const;
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number];

export interface ColumnDef {
	key: ApplicantColumn;
	label: string;
	/** Short label for charts and narrow tables. */
	short: string;
	variants: string[];
}

/** In the source the columns always stand in this order; the header is checked, not trusted. */
export const APPLICANT_COLUMN_DEFS: readonly ColumnDef[] = [
	{ key: 'natural_person', label: '自然人', short: '自然人', variants: ['自然人'] },
	{ key: 'commercial', label: '法人或其他组织 / 商业企业', short: '商业企业', variants: ['商业企业'] },
	{ key: 'research', label: '法人或其他组织 / 科研机构', short: '科研机构', variants: ['科研机构'] },
	{ key: 'social_org', label: '法人或其他组织 / 社会公益组织', short: '社会公益组织', variants: ['社会公益组织', '公益组织'] },
	{ key: 'legal_service', label: '法人或其他组织 / 法律服务机构', short: '法律服务机构', variants: ['法律服务机构'] },
	{ key: 'other_org', label: '法人或其他组织 / 其他', short: '其他组织', variants: ['其他'] },
	{ key: 'total', label: '总计', short: '总计', variants: ['总计', '合计'] }
];

export const OUTCOME_GROUPS = ['granted', 'partially_granted', 'denied', 'unavailable', 'not_processed', 'other'] as const;
export type OutcomeGroup = (typeof OUTCOME_GROUPS)[number];

export const OUTCOME_GROUP_LABELS: Record<OutcomeGroup, string> = {
	granted: '予以公开',
	partially_granted: '部分公开',
	denied: '不予公开',
	unavailable: '无法提供',
	not_processed: '不予处理',
	other: '其他处理'
};

export const APPLICATION_ROW_KEYS = [
	'new_received',
	'carried_over',
	'granted',
	'partially_granted',
	'denied.state_secret',
	'denied.law_prohibited',
	'denied.security_stability',
	'denied.third_party',
	'denied.internal_affairs',
	'denied.process_info',
	'denied.enforcement_file',
	'denied.query_matter',
	'unavailable.not_held',
	'unavailable.needs_creation',
	'unavailable.unclear',
	'not_processed.petition',
	'not_processed.duplicate',
	'not_processed.publication',
	'not_processed.excessive',
	'not_processed.confirmation',
	'other.no_correction',
	'other.unpaid_fee',
	'other.other',
	'total_processed',
	'carried_forward'
] as const;
export type ApplicationRow = (typeof APPLICATION_ROW_KEYS)[number];

export interface ApplicationRowDef {
	key: ApplicationRow;
	/** The label as the official template prints it (with its numbering). */
	label: string;
	/** The outcome group this row belongs to, for outcome rows. */
	group?: OutcomeGroup;
	/** Templates that have this row; a row missing from a report's template is null there. */
	templates: readonly TemplateId[];
	/**
	 * Distinctive phrases: a row label containing one of these is this row. Phrases listed in
	 * `exact` match only a label that is exactly the phrase (after numbering is removed), for
	 * words as short as 其他 or 总计 that occur inside other labels.
	 */
	variants: string[];
	exact?: string[];
}

const BOTH: readonly TemplateId[] = ['2019', '2021'];

export const APPLICATION_ROW_DEFS: readonly ApplicationRowDef[] = [
	{ key: 'new_received', label: '一、本年新收政府信息公开申请数量', templates: BOTH, variants: ['本年新收'] },
	{ key: 'carried_over', label: '二、上年结转政府信息公开申请数量', templates: BOTH, variants: ['上年结转'] },
	{ key: 'granted', label: '（一）予以公开', group: 'granted', templates: BOTH, variants: ['予以公开'] },
	{
		key: 'partially_granted',
		label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
		group: 'partially_granted',
		templates: BOTH,
		variants: ['部分公开']
	},
	{ key: 'denied.state_secret', label: '1.属于国家秘密', group: 'denied', templates: BOTH, variants: ['属于国家秘密', '国家秘密'] },
	{
		key: 'denied.law_prohibited',
		label: '2.其他法律行政法规禁止公开',
		group: 'denied',
		templates: BOTH,
		variants: ['其他法律行政法规禁止公开', '其他法律和行政法规禁止公开', '其他法律行政止公开', '法律行政法规禁止公开', '行政法规禁止公开']
	},
	{
		key: 'denied.security_stability',
		label: '3.危及“三安全一稳定”',
		group: 'denied',
		templates: BOTH,
		variants: ['危及三安全一稳定', '三安全一稳定']
	},
	{ key: 'denied.third_party', label: '4.保护第三方合法权益', group: 'denied', templates: BOTH, variants: ['保护第三方合法权益', '第三方合法权益'] },
	{ key: 'denied.internal_affairs', label: '5.属于三类内部事务信息', group: 'denied', templates: BOTH, variants: ['三类内部事务', '内部事务信息'] },
	{ key: 'denied.process_info', label: '6.属于四类过程性信息', group: 'denied', templates: BOTH, variants: ['四类过程性', '过程性信息'] },
	{ key: 'denied.enforcement_file', label: '7.属于行政执法案卷', group: 'denied', templates: BOTH, variants: ['行政执法案卷'] },
	{ key: 'denied.query_matter', label: '8.属于行政查询事项', group: 'denied', templates: BOTH, variants: ['行政查询事项'] },
	{
		key: 'unavailable.not_held',
		label: '1.本机关不掌握相关政府信息',
		group: 'unavailable',
		templates: BOTH,
		variants: ['本机关不掌握', '不掌握相关政府信息']
	},
	{
		key: 'unavailable.needs_creation',
		label: '2.没有现成信息需要另行制作',
		group: 'unavailable',
		templates: BOTH,
		variants: ['没有现成信息', '需要另行制作']
	},
	{
		key: 'unavailable.unclear',
		label: '3.补正后申请内容仍不明确',
		group: 'unavailable',
		templates: BOTH,
		variants: ['补正后申请内容仍不明确', '仍不明确']
	},
	{
		key: 'not_processed.petition',
		label: '1.信访举报投诉类申请',
		group: 'not_processed',
		templates: BOTH,
		variants: ['信访举报投诉']
	},
	{ key: 'not_processed.duplicate', label: '2.重复申请', group: 'not_processed', templates: BOTH, variants: ['重复申请'] },
	{
		key: 'not_processed.publication',
		label: '3.要求提供公开出版物',
		group: 'not_processed',
		templates: BOTH,
		variants: ['公开出版物']
	},
	{
		key: 'not_processed.excessive',
		label: '4.无正当理由大量反复申请',
		group: 'not_processed',
		templates: BOTH,
		variants: ['大量反复申请']
	},
	{
		key: 'not_processed.confirmation',
		label: '5.要求行政机关确认或重新出具已获取信息',
		group: 'not_processed',
		templates: BOTH,
		variants: ['确认或重新出具', '重新出具已获取信息']
	},
	{
		key: 'other.no_correction',
		label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
		group: 'other',
		templates: ['2021'],
		variants: ['逾期不补正']
	},
	{
		key: 'other.unpaid_fee',
		label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
		group: 'other',
		templates: ['2021'],
		variants: ['收费通知', '缴纳费用']
	},
	{
		key: 'other.other',
		label: '3.其他',
		group: 'other',
		templates: BOTH,
		variants: [],
		// 其他 alone is the 2021 row 3.其他; 其他处理 alone is the 2019 template's single row.
		exact: ['其他', '其他处理', '其他情形']
	},
	{ key: 'total_processed', label: '（七）总计', templates: BOTH, variants: [], exact: ['总计', '合计'] },
	{
		key: 'carried_forward',
		label: '四、结转下年度继续办理',
		templates: BOTH,
		variants: ['结转下年度', '结转下一年度']
	}
];

/** Phrases of Table 3's header cells, used to check that a table really is Table 3. */
export const APPLICATIONS_HEADER_VARIANTS = ['申请人情况', '本年度办理结果', '本列数据的勾稽关系'];

// ---------------------------------------------------------------------------------------------
// Table 4 — 政府信息公开行政复议、行政诉讼情况

export const REVIEW_GROUPS = ['review', 'litigation_direct', 'litigation_after_review'] as const;
export type ReviewGroup = (typeof REVIEW_GROUPS)[number];
export const REVIEW_MEASURES = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export type ReviewMeasure = (typeof REVIEW_MEASURES)[number];

export const REVIEW_GROUP_LABELS: Record<ReviewGroup, string> = {
	review: '行政复议',
	litigation_direct: '行政诉讼 / 未经复议直接起诉',
	litigation_after_review: '行政诉讼 / 复议后起诉'
};
export const REVIEW_MEASURE_LABELS: Record<ReviewMeasure, string> = {
	upheld: '结果维持',
	corrected: '结果纠正',
	other: '其他结果',
	pending: '尚未审结',
	total: '总计'
};
/** Header phrases of Table 4 (typos seen in real reports included). */
export const REVIEWS_HEADER_VARIANTS = ['行政复议', '行政法复议', '行政诉讼', '结果维持', '未经复议直接起诉', '复议后起诉'];

// ---------------------------------------------------------------------------------------------
// Table 2 — 主动公开政府信息情况 (differs between the templates)

export interface MeasureDef {
	key: string;
	label: string;
	variants: string[];
	/** true for money amounts (may be decimal); counts are integers. */
	amount?: boolean;
	/** true where the published cell is text rather than a number (2019 采购总金额). */
	text?: boolean;
}

export interface ItemDef {
	key: string;
	label: string;
	/** Where the item stands in the 第二十条 list, as printed above its block. */
	article?: string;
	variants: string[];
	exact?: string[];
	measures: readonly MeasureDef[];
}

const M = {
	issued: { key: 'issued', label: '本年制发件数', variants: ['本年制发件数', '本年制发'] },
	repealed: { key: 'repealed', label: '本年废止件数', variants: ['本年废止件数', '本年废纸件数', '本年废止件', '本年废止'] },
	in_force: { key: 'in_force', label: '现行有效件数', variants: ['现行有效件数', '先行有效件数', '现行有效'] },
	decisions2021: { key: 'decisions', label: '本年处理决定数量', variants: ['本年处理决定数量', '处理决定数量'] },
	amount_wan: { key: 'amount_wan', label: '本年收费金额（单位：万元）', variants: ['本年收费金额', '收费金额'], amount: true },
	new_made: { key: 'new_made', label: '本年新制作数量', variants: ['本年新制作数量', '新制作数量'] },
	new_published: { key: 'new_published', label: '本年新公开数量', variants: ['本年新公开数量', '本公开数量', '新公开数量'] },
	published_total: { key: 'published_total', label: '对外公开总数量', variants: ['对外公开总数量'] },
	previous_year: { key: 'previous_year', label: '上一年项目数量', variants: ['上一年项目数量'] },
	change: { key: 'change', label: '本年增/减', variants: ['本年增减', '本年增/减'] },
	decisions2019: { key: 'decisions', label: '处理决定数量', variants: ['处理决定数量'] },
	projects: { key: 'projects', label: '采购项目数量', variants: ['采购项目数量'] },
	amount: { key: 'amount', label: '采购总金额', variants: ['采购总金额'], amount: true, text: true }
} satisfies Record<string, MeasureDef>;

export const PROACTIVE_ITEMS: Record<TemplateId, readonly ItemDef[]> = {
	'2021': [
		{ key: 'regulations', label: '规章', article: '第二十条第（一）项', variants: [], exact: ['规章'], measures: [M.issued, M.repealed, M.in_force] },
		{
			key: 'normative_documents',
			label: '行政规范性文件',
			article: '第二十条第（一）项',
			variants: ['规范性文件'],
			measures: [M.issued, M.repealed, M.in_force]
		},
		{ key: 'licensing', label: '行政许可', article: '第二十条第（五）项', variants: ['行政许可'], measures: [M.decisions2021] },
		{ key: 'penalty', label: '行政处罚', article: '第二十条第（六）项', variants: ['行政处罚'], measures: [M.decisions2021] },
		{ key: 'coercion', label: '行政强制', article: '第二十条第（六）项', variants: ['行政强制'], measures: [M.decisions2021] },
		{ key: 'fees', label: '行政事业性收费', article: '第二十条第（八）项', variants: ['行政事业性收费', '事业性收费'], measures: [M.amount_wan] }
	],
	'2019': [
		{
			key: 'regulations',
			label: '规章',
			article: '第二十条第（一）项',
			variants: [],
			exact: ['规章'],
			measures: [M.new_made, M.new_published, M.published_total]
		},
		{
			key: 'normative_documents',
			label: '规范性文件',
			article: '第二十条第（一）项',
			variants: ['规范性文件'],
			measures: [M.new_made, M.new_published, M.published_total]
		},
		{ key: 'licensing', label: '行政许可', article: '第二十条第（五）项', variants: ['行政许可'], measures: [M.previous_year, M.change, M.decisions2019] },
		{
			key: 'other_services',
			label: '其他对外管理服务事项',
			article: '第二十条第（五）项',
			variants: ['其他对外管理服务事项', '对外管理服务事项'],
			measures: [M.previous_year, M.change, M.decisions2019]
		},
		{ key: 'penalty', label: '行政处罚', article: '第二十条第（六）项', variants: ['行政处罚'], measures: [M.previous_year, M.change, M.decisions2019] },
		{ key: 'coercion', label: '行政强制', article: '第二十条第（六）项', variants: ['行政强制'], measures: [M.previous_year, M.change, M.decisions2019] },
		{ key: 'fees', label: '行政事业性收费', article: '第二十条第（八）项', variants: ['行政事业性收费', '事业性收费'], measures: [M.previous_year, M.change] },
		{ key: 'procurement', label: '政府集中采购', article: '第二十条第（九）项', variants: ['政府集中采购', '集中采购'], measures: [M.projects, M.amount] }
	]
};

/** Header phrases that only one template's Table 2 has: they tell the templates apart. */
export const TEMPLATE_MARKERS: Record<TemplateId, string[]> = {
	'2021': ['本年制发件数', '现行有效件数', '先行有效件数', '本年废止件数', '本年废纸件数', '逾期不补正', '2021〕30号'],
	'2019': ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '政府集中采购', '2019〕60号']
};

export function applicationRowsOf(template: TemplateId): readonly ApplicationRowDef[] {
	return APPLICATION_ROW_DEFS.filter((r) => r.templates.includes(template));
}

export function applicationRowDef(key: ApplicationRow): ApplicationRowDef {
	const def = APPLICATION_ROW_DEFS.find((r) => r.key === key);
	if (!def) throw new Error(`unknown Table 3 row ${key}`);
	return def;
}

export const OUTCOME_ROWS: Record<OutcomeGroup, readonly ApplicationRow[]> = Object.fromEntries(
	OUTCOME_GROUPS.map((g) => [g, APPLICATION_ROW_DEFS.filter((r) => r.group === g).map((r) => r.key)])
) as unknown as Record<OutcomeGroup, readonly ApplicationRow[]>;

export const TABLE_KEYS = ['proactive', 'applications', 'reviews'] as const;
export type TableKey = (typeof TABLE_KEYS)[number];
export const TABLE_LABELS: Record<TableKey, string> = {
	proactive: '表二 主动公开政府信息情况',
	applications: '表三 收到和处理政府信息公开申请情况',
	reviews: '表四 政府信息公开行政复议、行政诉讼情况'
};

/**
 * A cell as a supervisor names it in a notice: 表三「（七）总计」行「总计」列. One definition, used by
 * the 问题清单, the 通报 and the 整改通知.
 */
export function cellLabel(ref: { table: TableKey; row: string; col: string }): string {
	if (ref.table === 'applications') {
		const row = APPLICATION_ROW_DEFS.find((r) => r.key === ref.row)?.label ?? ref.row;
		const col = APPLICANT_COLUMN_DEFS.find((c) => c.key === ref.col)?.label ?? ref.col;
		return `表三「${row}」行「${col}」列`;
	}
	if (ref.table === 'reviews') {
		const group = REVIEW_GROUP_LABELS[ref.row as ReviewGroup] ?? ref.row;
		return `表四「${group}」「${REVIEW_MEASURE_LABELS[ref.col as ReviewMeasure] ?? ref.col}」`;
	}
	const item = [...PROACTIVE_ITEMS['2021'], ...PROACTIVE_ITEMS['2019']].find((i) => i.key === ref.row);
	const measure = item?.measures.find((m) => m.key === ref.col);
	return `表二「${item?.label ?? ref.row}」「${measure?.label ?? ref.col}」`;
}

// ---------------------------------------------------------------------------------------------
// The tables as the template prints them: headings above and beside the cells (report/printed.ts
// lays them out). Column labels nest with ' / ' (法人或其他组织 / 商业企业).

/** Table 2: the header cell over each block's item labels. */
export const PROACTIVE_ITEM_HEADING = '信息内容';

/** Table 3's corner, and the heading over the applicant columns. */
export const APPLICATIONS_CORNER = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const APPLICANTS_HEADING = '申请人情况';
/** Table 3: the heading beside every outcome row, （一）予以公开 to （七）总计. */
export const OUTCOMES_HEADING = '三、本年度办理结果';
/** Table 3: the heading beside each outcome group's numbered rows (a group of one row is printed as its heading alone). */
export const OUTCOME_GROUP_HEADINGS: Partial<Record<OutcomeGroup, string>> = {
	denied: '（三）不予公开',
	unavailable: '（四）无法提供',
	not_processed: '（五）不予处理',
	other: '（六）其他处理'
};

/**
 * Every cell of a template in the order it is printed — 表二, 表三, 表四; each table's rows
 * top to bottom, its columns left to right — as a rank by `table.row.col` (lists of cells are
 * shown in it). A cell the template lacks ranks after all.
 */
export function printedOrder(template: TemplateId): (cell: { table: string; row: string; col: string }) => number {
	const keys = [
		...PROACTIVE_ITEMS[template].flatMap((i) => i.measures.map((m) => `proactive.${i.key}.${m.key}`)),
		...applicationRowsOf(template).flatMap((d) => APPLICANT_COLUMNS.map((c) => `applications.${d.key}.${c}`)),
		...REVIEW_GROUPS.flatMap((g) => REVIEW_MEASURES.map((m) => `reviews.${g}.${m}`))
	];
	const rank = new Map(keys.map((k, i) => [k, i]));
	return (c) => rank.get(`${c.table}.${c.row}.${c.col}`) ?? keys.length;
}
