/**
 * The fictional nation of a national generated corpus (`npm run generate -- --national`):
 * provinces → cities → counties → townships and streets, with departments at the province, city
 * and county levels, about the shape of the country (170,000 agencies: 33 provinces, 342 cities,
 * 3,734 counties, 52,426 townships). Every name says it is an example (示例东海省, 示例青山市), and every name is
 * unique in the nation, so that a report's title names one agency only.
 *
 * All of it sits under one region, 示例全国, so that the dashboard has a whole-country view of it.
 * Yielded agency by agency, depth first: memory does not grow with the nation.
 */
import { DEPARTMENTS, TOWN_ROOTS, type GeneratedAgency } from './region.js';
import { Random } from './random.js';

export const NATION = '示例全国';
/** National corpus ids start here: clear of the real registry's and of the one-city corpus's (100,000 …). */
export const NATION_FIRST_ID = 1_000_000;

const PROVINCE_ROOTS = [
	'东海',
	'西岭',
	'南原',
	'北川',
	'中州',
	'江右',
	'河间',
	'山阴',
	'湖东',
	'岭南',
	'云中',
	'海西',
	'关中',
	'塞北',
	'淮南',
	'汉东',
	'楚北',
	'燕南',
	'晋西',
	'蜀川',
	'黔中',
	'滇西',
	'闽江',
	'浙南',
	'皖北',
	'赣东',
	'湘西',
	'鲁东',
	'豫中',
	'冀北',
	'辽海'
];
/** A city's name is a first character and a second: 400 names before a round number is added. */
const CITY_FIRST = ['青', '白', '金', '石', '云', '龙', '凤', '安', '平', '永', '长', '新', '宁', '丰', '泰', '华', '兴', '德', '临', '宝'];
const CITY_SECOND = ['山', '水', '川', '江', '河', '阳', '源', '城', '州', '岭', '原', '湖', '林', '泉', '溪', '峰', '台', '桥', '门', '关'];
const COUNTY_ROOTS = [
	'东湖',
	'西山',
	'南河',
	'北岭',
	'青石',
	'白沙',
	'云溪',
	'松林',
	'金川',
	'柳江',
	'桃源',
	'梅岭',
	'竹溪',
	'石门',
	'莲塘',
	'银川',
	'玉泉',
	'沙河'
];
/** Departments a province or city has beyond a county's. */
const UPPER_DEPARTMENTS: [string, number][] = [
	['外事办公室', 3],
	['地方金融管理局', 6],
	['国有资产监督管理委员会', 4],
	['体育局', 2],
	['粮食和物资储备局', 2],
	['人民防空办公室', 2],
	['机关事务管理局', 2],
	['大数据管理局', 3],
	['乡村振兴局', 4],
	['药品监督管理局', 8]
];

const CHINESE_DIGITS = '〇一二三四五六七八九';
/** A round past the first written into a name: 东海 → 东海二 (digits in Chinese). */
const round = (n: number) => (n ? String(n + 1).replace(/\d/g, (d) => CHINESE_DIGITS[Number(d)]) : '');

const provinceName = (p: number) => `示例${PROVINCE_ROOTS[p % PROVINCE_ROOTS.length]}${round(Math.floor(p / PROVINCE_ROOTS.length))}省`;
function cityName(g: number): string {
	const n = CITY_FIRST.length * CITY_SECOND.length;
	const k = g % n;
	return `示例${CITY_FIRST[k % CITY_FIRST.length]}${CITY_SECOND[Math.floor(k / CITY_FIRST.length)]}${round(Math.floor(g / n))}市`;
}
/** A province's departments are 厅 where a city's and a county's are 局. */
const provincial = (dept: string) => dept.replace(/局$/, '厅');

/** The first `total` agencies of the nation, depth first: a province, its departments, then each of its cities. */
export function* nationAgencies(total: number, seed: number | string): Generator<GeneratedAgency> {
	const rnd = new Random(`${seed}:nation`);
	let id = NATION_FIRST_ID;
	let left = total;
	let cityIndex = 0;
	const make = (name: string, level: GeneratedAgency['level'], parent_id: number | null, region: string, volume: number): GeneratedAgency => {
		left--;
		return { id: id++, name, level, parent_id, region, volume };
	};
	const departments = (list: [string, number][], n: number) => [...list].sort(() => rnd.next() - 0.5).slice(0, n);

	for (let p = 0; left > 0; p++) {
		const province = provinceName(p);
		const pRegion = `${NATION}/${province}`;
		const pGov = make(`${province}人民政府`, 'province', null, pRegion, 500);
		yield pGov;
		for (const [dept, volume] of departments([...DEPARTMENTS, ...UPPER_DEPARTMENTS], rnd.int(32, 40))) {
			if (left <= 0) return;
			yield make(`${province}${provincial(dept)}`, 'department', pGov.id, pRegion, volume * 3);
		}
		const cities = rnd.int(8, 14);
		for (let c = 0; c < cities && left > 0; c++) {
			const city = cityName(cityIndex++);
			const cRegion = `${pRegion}/${city}`;
			const cGov = make(`${city}人民政府`, 'city', pGov.id, cRegion, 300);
			yield cGov;
			for (const [dept, volume] of departments([...DEPARTMENTS, ...UPPER_DEPARTMENTS], rnd.int(28, 38))) {
				if (left <= 0) return;
				yield make(`${city}${dept}`, 'department', cGov.id, cRegion, Math.round(volume * 1.5));
			}
			const counties = [...COUNTY_ROOTS].sort(() => rnd.next() - 0.5).slice(0, rnd.int(8, 14));
			for (const [k, root] of counties.entries()) {
				if (left <= 0) return;
				const county = `${root}${k % 3 === 2 ? '区' : '县'}`;
				const region = `${cRegion}/${county}`;
				const gov = make(`${city}${county}人民政府`, 'county', cGov.id, region, 80);
				yield gov;
				const towns = [...TOWN_ROOTS].sort(() => rnd.next() - 0.5).slice(0, rnd.int(10, 18));
				for (const [t, town] of towns.entries()) {
					if (left <= 0) return;
					const street = t % 3 === 0;
					yield make(`${city}${county}${town}${street ? '街道办事处' : '镇人民政府'}`, 'township', gov.id, region, street ? 6 : 3);
				}
				for (const [dept, volume] of departments(DEPARTMENTS, rnd.int(24, 30))) {
					if (left <= 0) return;
					yield make(`${city}${county}${dept}`, 'department', gov.id, region, volume);
				}
			}
		}
	}
}

/** Where an agency's files go: its region below the nation (a province's own agencies in its folder). */
export const nationFolder = (a: GeneratedAgency): string => a.region.split('/').slice(1).join('/');
