/**
 * Reports in through the browser (issue #16): preview, then commit.
 *
 * Preview: the files (a zip expanded, every bound checked: unpack.ts) wait in a staging folder,
 * each is parsed in a parser process (a hostile file takes only that process with it) and judged
 * (match.ts). Nothing is written to the derived database.
 *
 * Commit: the accepted files are moved under data/reports/uploads with a name that says agency
 * and year, and `data/reports` is ingested into the served database by a child process. Ingests
 * run one at a time (a second upload waits its turn); the ingest builds aside and swaps, so the
 * dashboard keeps answering on the previous database until the new one is in place.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { dbPath, select, type Host } from '../db.js';
import { authorize, type SessionUser } from '../auth/roles.js';
import { processPool, type Parser } from '../../ingest/pool.js';
import { MAX_FILE_BYTES } from '../../ingest/parse.js';
import { READABLE_EXTENSIONS, extensionOf } from '../../ingest/readers/index.js';
import { AgencyMatcher, AgencyRow, judge, refused, type Verdict } from './match.js';
import { MAX_REQUEST_BYTES, MAX_UPLOAD_FILES, UploadRefused, unpack, type Incoming } from './unpack.js';
import { changeState, getUpload, recordPreview, recordProgress, recordStored, uploadFiles, type NewUploadFile, type UploadRow } from '../workbench/uploads.js';
import { UserError } from '../workbench/users.js';

/** Where report files live; what an upload's ingest reads (NIANBAO_INGEST_PATHS, separated by the path delimiter, adds to it). */
export const reportsRoot = () => process.env.NIANBAO_REPORTS ?? 'data/reports';
export const uploadDir = () => process.env.NIANBAO_UPLOAD_DIR ?? path.join(reportsRoot(), 'uploads');
export const stagingDir = () => process.env.NIANBAO_STAGING ?? 'data/uploads/staging';

/** A node serving a Parquet export (NIANBAO_PARQUET) reads; reports are added on the node that writes the DuckDB file. */
export const READ_ONLY_NODE = '此服务器读取 Parquet 导出（只读节点），不能在此上传报告；请在写入节点上传。';

export function ingestPaths(): string[] {
	const given = process.env.NIANBAO_INGEST_PATHS?.split(path.delimiter).filter(Boolean) ?? [reportsRoot()];
	return covers(given, uploadDir()) ? given : [...given, uploadDir()];
}

const within = (root: string, p: string) => {
	const rel = path.relative(path.resolve(root), path.resolve(p));
	return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};
const covers = (roots: string[], p: string) => roots.some((r) => within(r, p));

export interface PreviewFile {
	name: string;
	status: 'ok' | 'rejected';
	agency: string | null;
	agency_id: number | null;
	year: number | null;
	template: string | null;
	warnings: Verdict['warnings'];
	reason: string | null;
}

// ---- the parser processes: started on the first preview, ended after a minute without one ----

let pool: Parser | null = null;
let idle: NodeJS.Timeout | null = null;
const POOL_IDLE_MS = 60_000;

function parser(): Parser {
	if (idle) clearTimeout(idle);
	idle = null;
	// The bundled server has no parse-worker beside its chunks: the source module, under tsx.
	pool ??= processPool(Math.max(1, Math.min(availableParallelism(), 4)), {
		worker: { file: path.resolve('src/lib/ingest/parse-worker.ts'), execArgv: ['--import', 'tsx'] }
	});
	return pool;
}

function release() {
	if (idle) clearTimeout(idle);
	idle = setTimeout(() => {
		pool?.close();
		pool = null;
	}, POOL_IDLE_MS);
	idle.unref();
}

// ---- preview ----

const Hashes = z.object({ sha256: z.string() });
const Pair = z.object({ agency_id: z.coerce.number(), year: z.number() });

async function derivedFacts(h: Host) {
	if (!existsSync(dbPath())) return { matcher: new AgencyMatcher([]), hashes: new Set<string>(), reports: new Set<string>() };
	return h.read(async (c) => ({
		matcher: new AgencyMatcher(await select(c, AgencyRow, `SELECT id, name, level, parent_id, region, aliases, generated FROM agencies`)),
		hashes: new Set((await select(c, Hashes, `SELECT DISTINCT sha256 FROM files`)).map((r) => r.sha256)),
		reports: new Set((await select(c, Pair, `SELECT agency_id, year FROM reports`)).map((r) => `${r.agency_id}-${r.year}`))
	}));
}

/** Reads the request's files (bounded), or refuses it. */
export async function incomingOf(request: Request): Promise<Incoming[]> {
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MAX_REQUEST_BYTES) throw new UploadRefused(`上传内容过大（上限 ${MAX_REQUEST_BYTES / 1048576} MB）`);
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		throw new UploadRefused('请以 multipart/form-data 上传，字段名为 files');
	}
	const parts = form.getAll('files');
	if (!parts.length) throw new UploadRefused('没有收到文件（字段名应为 files）');
	if (parts.length > MAX_UPLOAD_FILES) throw new UploadRefused(`一次最多上传 ${MAX_UPLOAD_FILES} 个文件`);
	const files = parts.filter((p): p is File => typeof p !== 'string');
	if (files.length !== parts.length) throw new UploadRefused('字段 files 应为文件');
	let total = 0;
	for (const f of files) total += f.size;
	if (total > MAX_REQUEST_BYTES) throw new UploadRefused(`上传内容过大（上限 ${MAX_REQUEST_BYTES / 1048576} MB）`);
	// A browser sends a folder's files with their relative paths as names: only the last part is a name.
	return Promise.all(files.map(async (f) => ({ name: f.name.slice(0, 500), bytes: new Uint8Array(await f.arrayBuffer()) })));
}

const refusedFile = (name: string, reason: string): NewUploadFile => ({ original_name: name, staged_path: null, size: 0, ...refused(reason) });

export async function preview(h: Host, user: SessionUser, incoming: Incoming[]): Promise<{ id: string; files: PreviewFile[] }> {
	authorize(user, 'upload');
	const files = unpack(incoming);
	const id = randomBytes(8).toString('hex');
	const dir = path.join(stagingDir(), id);
	await mkdir(dir, { recursive: true });
	const facts = await derivedFacts(h);
	const ctx = { user, matcher: facts.matcher, storedHashes: facts.hashes, seenHashes: new Set<string>(), storedReports: facts.reports };
	const p = parser();
	let results: NewUploadFile[];
	try {
		// Parsed side by side, judged in the upload's order (a copy within it: the later one is refused).
		const parsed = await Promise.all(
			files.map(async (f, n) => {
				const ext = extensionOf(f.name);
				if (!READABLE_EXTENSIONS.includes(ext))
					return {
						f,
						staged: null,
						refused: `不支持的文件类型「${ext ? '.' + ext : '无扩展名'}」（可上传：${READABLE_EXTENSIONS.map((e) => '.' + e).join(' ')} 及 .zip）`
					};
				if (f.bytes.length > MAX_FILE_BYTES)
					return { f, staged: null, refused: `文件过大（${(f.bytes.length / 1048576).toFixed(1)} MB，上限 ${MAX_FILE_BYTES / 1048576} MB）` };
				const staged = path.join(dir, `${n}.${ext}`);
				await writeFile(staged, f.bytes, { mode: 0o600 });
				return { f, staged, outcome: await p.parse(path.resolve(staged)) };
			})
		);
		results = parsed.map((r) => {
			if (!('outcome' in r) || !r.outcome) return refusedFile(r.f.name, r.refused!);
			const v = judge(r.outcome, ctx);
			return { ...v, original_name: r.f.name, staged_path: v.status === 'ok' ? r.staged : null, size: r.f.bytes.length };
		});
	} finally {
		release();
	}
	// Nothing refused is kept, not even in staging.
	for (const r of stagedNames(results)) if (r.status === 'rejected') await rm(path.join(dir, r.file), { force: true });
	if (!results.some((r) => r.status === 'ok')) await rm(dir, { recursive: true, force: true });
	await recordPreview(h, user.username, { id, agency_id: user.role === 'agency' ? user.agency_id : null }, results);
	return {
		id,
		files: results.map((r) => ({
			name: r.original_name,
			status: r.status,
			agency: r.agency,
			agency_id: r.agency_id,
			year: r.year,
			template: r.template,
			warnings: r.warnings,
			reason: r.reason
		}))
	};
}

/** The staged file names of the results (n.ext), for cleanup. */
function stagedNames(results: NewUploadFile[]) {
	return results.map((r, n) => ({ status: r.status, file: `${n}.${extensionOf(r.original_name) || 'bin'}` }));
}

// ---- commit and ingest ----

let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;

/** The upload as the user may see it: 404 when there is none, 403 when it is another agency's. */
export async function uploadFor(h: Host, user: SessionUser | null, id: string): Promise<UploadRow> {
	const u = authorize(user, 'upload');
	const upload = await getUpload(h, id);
	if (!upload) error(404, '没有这次上传');
	if (u.role === 'agency' && upload.agency_id !== u.agency_id) error(403, '没有权限');
	return upload;
}

export async function commit(h: Host, user: SessionUser, id: string): Promise<void> {
	const upload = await uploadFor(h, user, id);
	if (upload.state === 'ingesting') throw new UserError('这次上传正在入库');
	if (upload.state === 'done') throw new UserError('这次上传已经入库');
	const files = (await uploadFiles(h, id)).filter((f) => f.status === 'ok');
	if (!files.length) throw new UserError('这次上传没有可入库的文件');
	await changeState(h, user.username, id, 'ingesting', null, { files: files.length });
	waiting++;
	queue = queue.then(() => run(h, user.username, id).finally(() => waiting--));
}

/** One upload's store and ingest; any failure marks it failed (it may be committed again). */
async function run(h: Host, actor: string, id: string) {
	try {
		const files = (await uploadFiles(h, id)).filter((f) => f.status === 'ok');
		const dir = uploadDir();
		await mkdir(dir, { recursive: true });
		const stored: { n: number; stored_path: string }[] = [];
		for (const f of files) {
			const ext = extensionOf(f.original_name);
			const name = `${f.agency_id ?? 'new'}-${f.year}-${f.sha256!.slice(0, 8)}.${ext}`;
			const to = path.relative(process.cwd(), path.resolve(dir, name));
			if (f.staged_path && existsSync(f.staged_path)) await moveFile(f.staged_path, to);
			else if (!existsSync(to)) throw new Error(`暂存的文件已不存在：${f.original_name}`);
			stored.push({ n: f.n, stored_path: to });
		}
		await recordStored(h, actor, id, stored);
		await rm(path.join(stagingDir(), id), { recursive: true, force: true });
		const summary = await ingestChild(h, id);
		await changeState(h, actor, id, 'done', null, { summary });
	} catch (e) {
		await changeState(h, actor, id, 'failed', `入库失败：${(e as Error).message}`.slice(0, 1000)).catch(() => {});
	}
}

async function moveFile(from: string, to: string) {
	try {
		await rename(from, to);
	} catch {
		await copyFile(from, to);
		await rm(from, { force: true });
	}
}

const Path = z.object({ path: z.string() });

/** Ingests the report folders into the served database in a process of its own, reporting progress. */
async function ingestChild(h: Host, id: string): Promise<string> {
	const paths = ingestPaths();
	// An ingest drops the reports of files it does not see: refuse rather than lose any.
	if (existsSync(dbPath())) {
		const outside = (await h.read((c) => select(c, Path, `SELECT path FROM files`))).filter((f) => !covers(paths, f.path));
		if (outside.length) throw new Error(`已入库的文件不在入库目录（${paths.join('、')}）中，例如 ${outside[0].path}；请设置 NIANBAO_INGEST_PATHS`);
	}
	const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli/upload-ingest.ts'), '--db', dbPath(), ...paths], {
		// The IPC channel ties the ingest to this server: killed, it takes the ingest with it (upload-ingest.ts).
		stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
		env: process.env
	});
	let err = '';
	let last = '';
	let buffered = '';
	let lastWrite = 0;
	child.stderr!.on('data', (d) => (err = (err + d).slice(-2000)));
	child.stdout!.on('data', (d) => {
		buffered += d;
		const lines = buffered.split('\n');
		buffered = lines.pop()!;
		for (const line of lines) {
			const m = /^progress (\d+) (\d+)$/.exec(line);
			if (m && Date.now() - lastWrite > 250) {
				lastWrite = Date.now();
				// Reading the files is most of it; the checks after take the rest.
				void recordProgress(h, id, (0.9 * Number(m[1])) / Math.max(1, Number(m[2]))).catch(() => {});
			} else if (line.startsWith('ingested ')) last = line;
		}
	});
	const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
	if (code !== 0) throw new Error(err.trim().split('\n').pop() || `入库进程退出（${code}）`);
	return last;
}

/** The reports an upload's files became (once ingested). */
export async function reportsOf(h: Host, id: string): Promise<number[]> {
	const stored = (await uploadFiles(h, id)).map((f) => f.stored_path).filter((p): p is string => !!p);
	if (!stored.length || !existsSync(dbPath())) return [];
	const rows = await h.read((c) =>
		select(
			c,
			z.object({ report_id: z.coerce.number() }),
			`SELECT DISTINCT report_id FROM files WHERE report_id IS NOT NULL AND list_contains(string_split($1, chr(10)), path) ORDER BY report_id`,
			[stored.join('\n')]
		)
	);
	return rows.map((r) => r.report_id);
}

/** How many uploads wait for or run an ingest now. */
export const pendingIngests = () => waiting;

/** A preview not committed within this long is let go: its staged bytes are removed. */
export const STAGING_MAX_AGE_MS = 24 * 3600_000;

/**
 * Removes staged bytes no upload will commit: of uploads done, unknown, or previewed longer ago
 * than STAGING_MAX_AGE_MS (a failed upload keeps its files: it may be committed again). Returns
 * the folders removed.
 */
export async function sweepStaging(h: Host, now = Date.now()): Promise<string[]> {
	const root = stagingDir();
	const removed: string[] = [];
	const names = await readdir(root).catch(() => [] as string[]);
	for (const name of names) {
		const dir = path.join(root, name);
		const id = /^[0-9a-f]{16}$/.test(name) ? name : null;
		const upload = id ? await getUpload(h, id) : null;
		const age = now - (await stat(dir).catch(() => ({ mtimeMs: now }))).mtimeMs;
		const keep = upload && (upload.state === 'failed' || upload.state === 'ingesting' || (upload.state === 'previewed' && age < STAGING_MAX_AGE_MS));
		if (keep) continue;
		await rm(dir, { recursive: true, force: true });
		removed.push(name);
	}
	return removed;
}
