/**
 * The audit log in words (zh-CN): each action, and the fields its records keep before and after,
 * as the admin page shows them. One definition; an action not named here shows as recorded.
 */
import { ROLE_LABELS, type Role } from './roles.js';
import { STATE_LABELS, type ReviewState } from './review.js';

export const ACTION_LABELS: Record<string, string> = {
	login: '登录',
	'login.failed': '登录失败',
	logout: '退出登录',
	'user.add': '添加用户',
	'user.role': '更改角色或单位',
	'user.disable': '停用用户',
	'user.enable': '启用用户',
	'user.passwd': '重设密码',
	backup: '备份工作台数据',
	read: '查看',
	'finding.review': '核实问题',
	'finding.reply': '单位说明',
	'upload.preview': '上传预览',
	'upload.ingesting': '确认入库',
	'upload.done': '入库完成',
	'upload.failed': '入库失败',
	'upload.choose_agency': '为文件指定单位',
	'upload.add_agency': '为文件新增单位',
	'upload.store': '保存上传的文件',
	'registry.add': '名录：新增单位',
	'registry.rename': '名录：更名',
	'registry.move': '名录：调整上级',
	'registry.merge': '名录：撤并',
	'registry.close': '名录：撤销',
	'registry.ingest_done': '名录变更后更新数据库：完成',
	'registry.ingest_failed': '名录变更后更新数据库：失败'
};

export const actionLabel = (action: string) => ACTION_LABELS[action] ?? action;

const FIELD_LABELS: Record<string, string> = {
	state: '状态',
	note: '备注',
	text: '说明',
	role: '角色',
	agency_id: '所属单位',
	disabled: '停用',
	address: '地址',
	error: '原因',
	summary: '结果',
	choices: '指定的单位',
	stored: '保存的文件',
	files: '文件',
	n: '文件序号',
	name: '名称',
	level: '级别',
	parent_id: '上级单位',
	region: '地区',
	merged_into: '并入',
	last_year: '最后报送年度'
};

const UPLOAD_STATES: Record<string, string> = { previewed: '已预览', ingesting: '入库中', done: '已入库', failed: '入库失败' };

function valueText(key: string, v: unknown): string {
	if (v === null || v === undefined || v === '') return '（空）';
	if (typeof v === 'boolean') return v ? '是' : '否';
	if (key === 'state' && typeof v === 'string') return STATE_LABELS[v as ReviewState] ?? UPLOAD_STATES[v] ?? v;
	if (key === 'role' && typeof v === 'string') return ROLE_LABELS[v as Role] ?? v;
	if (Array.isArray(v)) return v.length > 3 ? `${v.length} 项` : v.map((x) => valueText('', x)).join('、');
	if (typeof v === 'object') return JSON.stringify(v);
	return String(v);
}

/** A record of the log (JSON, as kept) as 「状态：待核实；备注：…」; what is not JSON as it is. */
export function recordText(json: string | null): string {
	if (json === null) return '';
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		return json;
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return valueText('', value);
	return Object.entries(value as Record<string, unknown>)
		.map(([k, v]) => `${FIELD_LABELS[k] ?? k}：${valueText(k, v)}`)
		.join('；');
}
