/**
 * npm run --silent user -- add NAME --role admin|reviewer|viewer|agency [--agency AGENCY_ID]
 *                          list | disable NAME | enable NAME | passwd NAME | role NAME --role R [--agency ID]
 * npm run --silent backup -- FILE
 *
 * Accounts of the workbench (NIANBAO_WORKBENCH, default data/workbench.duckdb). A password is
 * read from standard input (its first line), never from the command line, and hashed here. With
 * the server running, the command goes to it (it holds the workbench); otherwise the workbench is
 * opened directly. Every change is audited as `cli:USER`.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Host, dbPath, workbenchPath } from '../lib/server/db.js';
import { Command, runCommand, type Outcome } from '../lib/server/workbench/accounts.js';
import { sendControl } from '../lib/server/workbench/control.js';
import { hashPassword, passwordProblem } from '../lib/server/auth/password.js';
import { ROLE_LABELS } from '../lib/server/auth/roles.js';

const USAGE = `用法：
  printf '密码\\n' | npm run --silent user -- add 用户名 --role admin|reviewer|viewer|agency [--agency 单位编号]
  npm run --silent user -- list
  npm run --silent user -- disable 用户名 | enable 用户名
  printf '新密码\\n' | npm run --silent user -- passwd 用户名
  npm run --silent user -- role 用户名 --role 角色 [--agency 单位编号]
  npm run --silent backup -- 备份文件`;

class UsageError extends Error {}

async function readPassword(): Promise<string> {
	if (process.stdin.isTTY) throw new UsageError("请从标准输入提供密码，例如：printf '密码\\n' | npm run --silent user -- …");
	let text = '';
	for await (const chunk of process.stdin) {
		text += chunk;
		if (text.length > 10_000) break;
	}
	const password = text.split(/\r?\n/)[0];
	const problem = passwordProblem(password);
	if (problem) throw new UsageError(problem);
	return password;
}

async function commandOf(args: string[]): Promise<Command> {
	const [verb, name, ...rest] = args;
	const option = (flag: string) => {
		const i = rest.indexOf(flag);
		return i >= 0 ? rest[i + 1] : undefined;
	};
	const agency = option('--agency');
	const agency_id = agency === undefined ? null : Number(agency);
	let raw: Record<string, unknown>;
	switch (verb) {
		case 'list':
			raw = { cmd: 'list' };
			break;
		case 'add':
			raw = { cmd: 'add', username: name, role: option('--role'), agency_id, password_hash: await hashPassword(await readPassword()) };
			break;
		case 'passwd':
			raw = { cmd: 'passwd', username: name, password_hash: await hashPassword(await readPassword()) };
			break;
		case 'disable':
		case 'enable':
			raw = { cmd: verb, username: name };
			break;
		case 'role':
			raw = { cmd: 'role', username: name, role: option('--role'), agency_id };
			break;
		case 'backup':
			raw = { cmd: 'backup', file: name };
			break;
		default:
			throw new UsageError(USAGE);
	}
	const parsed = Command.safeParse(raw);
	if (!parsed.success) throw new UsageError(`${parsed.error.issues.map((i) => `${i.path.join('.')}：${i.message}`).join('；')}\n${USAGE}`);
	return parsed.data;
}

function show(outcome: Outcome) {
	if ('users' in outcome) {
		for (const u of outcome.users) {
			console.log([u.username, u.role, ROLE_LABELS[u.role], u.agency_id ?? '-', u.disabled ? '已停用' : '启用', u.created_at].join('\t'));
		}
	} else if ('user' in outcome) console.log(`${outcome.user.username}\t${outcome.user.role}\t${outcome.user.disabled ? '已停用' : '启用'}`);
	else console.log(outcome.file ? `已备份到 ${outcome.file}` : '完成');
}

async function main() {
	const command = await commandOf(process.argv.slice(2));
	const actor = userInfo().username;
	const workbench = workbenchPath();
	const viaServer = await sendControl(workbench, actor, command);
	if (viaServer) {
		if (!viaServer.ok) throw new Error(viaServer.error);
		return show(viaServer.result as Outcome);
	}
	const h = await Host.open({ workbench, derived: existsSync(dbPath()) ? dbPath() : null });
	try {
		show(await runCommand(h, `cli:${actor}`, command));
	} finally {
		h.close();
	}
}

try {
	await main();
} catch (e) {
	process.stderr.write(`nianbao user: ${(e as Error).message}\n`);
	process.exitCode = e instanceof UsageError ? 2 : 1;
}
