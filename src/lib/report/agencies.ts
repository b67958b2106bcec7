/**
 * Agencies: their levels, and how a name in a report's title is matched to the registry
 * (人民政府 / 政府, 综合服务中心, 办公室 are spelled differently report to report).
 */

export const AGENCY_LEVELS = ['province', 'city', 'county', 'township', 'department'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

export const LEVEL_LABELS: Record<AgencyLevel, string> = {
	province: '省级',
	city: '市级',
	county: '县级',
	township: '乡镇（街道）',
	department: '部门'
};

/** Words that name the body rather than the place: 大安市叉干镇综合服务中心 is 叉干镇. */
const BODY_SUFFIXES = /(人民政府办公室|人民政府|政府办公室|政府|综合服务中心|便民服务中心|办事处|管理委员会|管委会)$/;

/** The key two spellings of one agency share: 淮安市洪泽区人民政府 → 淮安市洪泽区. */
export function agencyKey(name: string): string {
	return name
		.replace(/\s+/g, '')
		.replace(/[（(].*?[)）]/g, '')
		.replace(BODY_SUFFIXES, '');
}

/**
 * Whether two names can be the same agency: equal keys, or one key ending the other (a report
 * may leave out the higher levels: 洪泽区人民政府 for 淮安市洪泽区人民政府).
 */
export function sameAgency(a: string, b: string): boolean {
	const ka = agencyKey(a);
	const kb = agencyKey(b);
	if (!ka || !kb) return false;
	if (ka === kb) return true;
	const [short, long] = ka.length < kb.length ? [ka, kb] : [kb, ka];
	return short.length >= 3 && long.endsWith(short) && /[省市州盟县区旗]$/.test(long.slice(0, long.length - short.length));
}

const DEPARTMENT = /(局|委员会|委|办公室|办|厅|署|中心|院|所|队|站|馆|会)$/;

/** The level a name says: 叉干镇综合服务中心 is a township, 公安局 a department. */
export function inferLevel(name: string): AgencyLevel {
	const key = agencyKey(name);
	if (/(镇|乡|街道|片区管理局|苏木)$/.test(key) || /(镇|乡|街道)(综合服务中心|便民服务中心|办事处)?$/.test(name)) return 'township';
	if (DEPARTMENT.test(key)) return 'department';
	if (/(省|自治区)$/.test(key)) return 'province';
	if (/(县|区|旗)$/.test(key)) return 'county';
	if (/(市|州|盟)$/.test(key)) return key.match(/市/g)!.length > 1 || /省.+市$/.test(key) ? 'county' : 'city';
	return 'department';
}

/**
 * The region a name spells out, level by level: 示例省示例市东湖区 → 示例省/示例市/东湖区.
 * Only what the name says: a township name alone does not name its province.
 */
export function inferRegion(name: string): string {
	const key = agencyKey(name);
	const parts = key.match(/.+?(?:省|自治区|市|州|盟|县|区|旗|镇|乡|街道)(?=.|$)/g) ?? [];
	// The body itself (the township, a department) is not part of its region.
	const places = parts.filter((p, i) => !(i === parts.length - 1 && /(镇|乡|街道)$/.test(p)));
	return places.join('/');
}

/**
 * The region of an agency under `parent` (the registry's tree): a township's or a department's is
 * its parent's (a township of 淮安市洪泽区 lies in 江苏省/淮安市/洪泽区); a government's (province,
 * city, county) is its parent's and its own place, the last its name spells out (沭阳县人民政府
 * under 江苏省/宿迁市 → 江苏省/宿迁市/沭阳县).
 */
export function regionUnder(parent: { region: string }, child: { name: string; level: AgencyLevel }): string {
	const base = parent.region.replace(/^\/+|\/+$/g, '');
	if (child.level === 'township' || child.level === 'department') return base;
	const own = inferRegion(child.name).split('/').filter(Boolean).pop() ?? '';
	const segments = base.split('/').filter(Boolean);
	if (!own || segments.includes(own)) return base;
	return base ? `${base}/${own}` : own;
}
