/**
 * The fictional region of the generated corpus. Every name says it is an example (示例省,
 * 示例市), so nothing generated can be taken for a real agency.
 */
import type { AgencyLevel } from '../report/agencies.js';
import { Random } from './random.js';

export interface GeneratedAgency {
	id: number;
	name: string;
	level: AgencyLevel;
	parent_id: number | null;
	region: string;
	/** Median applications a year: what kind of agency this is. */
	volume: number;
}

export const PROVINCE = '示例省';
export const CITY = '示例市';
/** Generated agencies' ids start here, well clear of the real registry's. */
export const FIRST_ID = 100_000;

const COUNTY_NAMES = ['东湖区', '西山区', '南河县', '北岭县', '青石县', '白沙区', '云溪县', '松林县', '金川区', '柳江县', '桃源县', '梅岭区'];
export const TOWN_ROOTS = [
	'城关',
	'新华',
	'建设',
	'光明',
	'和平',
	'长安',
	'永安',
	'太平',
	'兴隆',
	'安乐',
	'红星',
	'石桥',
	'清水',
	'杨柳',
	'枫林',
	'黄土',
	'白马',
	'龙泉',
	'凤凰',
	'双河',
	'三江',
	'五里',
	'七星',
	'九龙'
];
/** Departments and how many applications such a department receives (median). */
export const DEPARTMENTS: [string, number][] = [
	['自然资源局', 180],
	['住房和城乡建设局', 150],
	['公安局', 120],
	['市场监督管理局', 40],
	['人力资源和社会保障局', 35],
	['生态环境局', 30],
	['交通运输局', 25],
	['教育局', 20],
	['卫生健康委员会', 18],
	['农业农村局', 15],
	['水利局', 12],
	['民政局', 10],
	['财政局', 10],
	['司法局', 6],
	['发展和改革委员会', 8],
	['应急管理局', 6],
	['城市管理局', 25],
	['文化广电和旅游局', 4],
	['退役军人事务局', 3],
	['医疗保障局', 8],
	['统计局', 2],
	['审计局', 2],
	['商务局', 4],
	['科学技术局', 2],
	['林业局', 5],
	['信访局', 8],
	['行政审批局', 10],
	['税务局', 6],
	['档案馆', 2],
	['政务服务管理办公室', 5]
];

/** About `total` agencies: the city, then counties each with their townships and departments. */
export function buildRegion(total: number, seed: number | string): GeneratedAgency[] {
	const rnd = new Random(`${seed}:region`);
	const agencies: GeneratedAgency[] = [];
	let id = FIRST_ID;
	const city = { id: id++, name: `${PROVINCE}${CITY}人民政府`, level: 'city' as const, parent_id: null, region: `${PROVINCE}/${CITY}`, volume: 300 };
	agencies.push(city);
	for (let c = 0; agencies.length < total; c++) {
		const round = Math.floor(c / COUNTY_NAMES.length);
		const base = COUNTY_NAMES[c % COUNTY_NAMES.length];
		// Beyond the list, 东湖区 becomes 东湖二区, 东湖三区 … (digits written in Chinese).
		const county = round ? base.replace(/(区|县)$/, `${String(round + 1).replace(/\d/g, (d) => '〇一二三四五六七八九'[Number(d)])}$1`) : base;
		const region = `${PROVINCE}/${CITY}/${county}`;
		const gov = { id: id++, name: `${CITY}${county}人民政府`, level: 'county' as const, parent_id: city.id, region, volume: 80 };
		agencies.push(gov);
		const towns = rnd.int(10, 20);
		const roots = [...TOWN_ROOTS].sort(() => rnd.next() - 0.5).slice(0, towns);
		for (const [k, root] of roots.entries()) {
			if (agencies.length >= total) break;
			const street = k % 3 === 0;
			agencies.push({
				id: id++,
				name: `${CITY}${county}${root}${street ? '街道办事处' : '镇人民政府'}`,
				level: 'township',
				parent_id: gov.id,
				region,
				volume: street ? 6 : 3
			});
		}
		const depts = [...DEPARTMENTS].sort(() => rnd.next() - 0.5).slice(0, rnd.int(15, 30));
		for (const [dept, volume] of depts) {
			if (agencies.length >= total) break;
			agencies.push({ id: id++, name: `${CITY}${county}${dept}`, level: 'department', parent_id: gov.id, region, volume });
		}
	}
	return agencies;
}
