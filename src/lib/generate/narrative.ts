/**
 * The words of a generated report: sentences built from the agency's own figures, varied by
 * the seed, so that two agencies' reports are not alike unless a test wants them to be.
 */
import type { Random } from './random.js';
import type { YearFigures } from './figures.js';

const OPENINGS = [
	'坚持以习近平新时代中国特色社会主义思想为指导',
	'深入贯彻落实党中央、国务院关于全面推进政务公开的决策部署',
	'认真贯彻《中华人民共和国政府信息公开条例》',
	'紧紧围绕中心工作'
];
const FOCUS = [
	'重大建设项目',
	'财政预决算',
	'行政审批',
	'乡村振兴',
	'教育医疗',
	'生态环境',
	'安全生产',
	'就业创业',
	'社会救助',
	'征地拆迁',
	'营商环境',
	'为民办实事'
];
const CHANNELS = ['门户网站', '政务新媒体', '公开栏', '便民服务中心', '新闻发布会', '政务服务热线'];
const MEASURES = ['加强组织领导', '完善工作制度', '规范答复文书', '强化业务培训', '健全审核机制', '推进平台建设', '加大督查力度', '丰富解读形式'];
const PROBLEMS = [
	'政策解读形式较为单一',
	'信息更新不够及时',
	'公开内容的深度和广度有待拓展',
	'工作人员业务能力有待提升',
	'依申请公开答复规范性有待加强',
	'基层公开标准化建设仍需深化'
];

function some<T>(rnd: Random, xs: readonly T[], n: number): T[] {
	return [...xs].sort(() => rnd.next() - 0.5).slice(0, n);
}

export interface Narrative {
	overview: string;
	problems: string;
	other_matters: string;
}

/** `received` is what the text says was received: the table's figure unless a test says otherwise. */
export function narrative(agency: string, f: YearFigures, rnd: Random, received = f.applications.new_received.total ?? 0): Narrative {
	const published = rnd.int(50, 3000);
	const focus = some(rnd, FOCUS, 3).join('、');
	const channels = some(rnd, CHANNELS, 3).join('、');
	const overview = [
		`${f.year}年，${agency}${rnd.pick(OPENINGS)}，${some(rnd, MEASURES, 2).join('，')}，政府信息公开工作取得新成效。`,
		`（一）主动公开。全年通过${channels}等渠道主动公开政府信息${published}条，重点公开${focus}等领域信息。`,
		`（二）依申请公开。全年共收到政府信息公开申请${received}件，均在法定期限内答复。`,
		`（三）政府信息管理。${rnd.pick(MEASURES)}，严格落实信息发布审核制度，${rnd.pick(['全年未发生泄密事件', '确保公开信息准确规范', '做到应公开尽公开'])}。`,
		`（四）监督保障。将政务公开纳入年度考核，${rnd.pick(['定期开展自查', '接受社会监督', '开展业务培训' + rnd.int(1, 6) + '次'])}。`
	].join('\n');
	const problems = [
		`${f.year}年工作中仍存在${some(rnd, PROBLEMS, 2).join('、')}等问题。`,
		`下一步，将${some(rnd, MEASURES, 2).join('、')}，推动政务公开工作提质增效。`
	].join('\n');
	const other_matters = rnd.chance(0.7) ? `${f.year}年，本机关未收取信息处理费。` : '无。';
	return { overview, problems, other_matters };
}
