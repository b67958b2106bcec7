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
import { createHash, randomBytes } from 'node:crypto';
import { BodyTooLarge, readBounded } from '../http/bounded.js';
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
import { AgencyMatcher, AgencyRow, copiesByHash, existingReport, judge, refused, type Verdict } from './match.js';
import { foresee, type ForeseenFinding } from './foresee.js';
import { MAX_REQUEST_BYTES, MAX_UPLOAD_FILES, UploadRefused, unpack, type Incoming } from './unpack.js';
import {
	changeState,
	getUpload,
	recordAdded,
	recordChoices,
	recordPreview,
	recordProgress,
	recordStored,
	uploadFiles,
	type AgencyChoice,
	type NewUploadFile,
	type UploadFileRow,
	type UploadRow
} from '../workbench/uploads.js';
import { amendRegistry, type Amendment } from '../../build/registry-amend.js';
import { enqueue, ingestChild, registryPath, uploadDir } from '../ingest-queue.js';
import { NewAgencyInput } from '../registry/input.js';
import { uploadFileName } from '../../report/arrival.js';
import { provenancePath } from '../../report/provenance.js';
import { seasonToday } from '../../build/season.js';
import { MAX_REGISTRY_ID, isInferredAgency } from '../../report/ids.js';
import { UserError } from '../workbench/users.js';

export { ingestPaths, registryPath, reportsRoot, uploadDir } from '../ingest-queue.js';
export const stagingDir = () => process.env.NIANBAO_STAGING ?? 'data/uploads/staging';

/** A node serving a Parquet export (NIANBAO_PARQUET) reads; reports are added on the node that writes the DuckDB file. */
export const READ_ONLY_NODE = '此服务器读取 Parquet 导出（只读节点），不能在此上传报告；请在写入节点上传。';

/**
 * An agency to add to the registry at commit: with a parent, its region follows from the parent
 * (registry-edits.ts) and a region sent beside it is not used; without one, the region is needed.
 */
export const NewAgency = NewAgencyInput;

export interface PreviewFile {
	name: string;
	status: 'ok' | 'rejected';
	agency: string | null;
	agency_id: number | null;
	year: number | null;
	template: string | null;
	warnings: Verdict['warnings'];
	reason: string | null;
	/** What the file would raise once ingested (foresee.ts; not the rules across agencies). */
	findings: ForeseenFinding[];
}

// ---- the parser processes: started when the upload page opens (or on a preview), ended after five minutes without one ----

let pool: Parser | null = null;
let idle: NodeJS.Timeout | null = null;
const POOL_IDLE_MS = 5 * 60_000;

function parser(): Parser {
	if (idle) clearTimeout(idle);
	idle = null;
	// The bundled server has no parse-worker beside its chunks: the source module, under tsx.
	pool ??= processPool(Math.max(1, Math.min(availableParallelism(), 4)), {
		worker: { file: path.resolve('src/lib/ingest/parse-worker.ts'), execArgv: ['--import', 'tsx'] }
	});
	return pool;
}

/**
 * Starts the parser processes while someone chooses files: on this machine their start (a
 * process, the parser's modules loaded) takes seconds, the parsing of 20 reports a fraction of one.
 */
export function warmParsers() {
	parser().warm();
	release();
}

/** The parser processes stopped now (the server's end: their idle timer would keep it alive for minutes). */
export function closeParsers() {
	if (idle) clearTimeout(idle);
	idle = null;
	pool?.close();
	pool = null;
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
	let bytes: Uint8Array<ArrayBuffer>;
	try {
		// Bounded while it streams: a body sent without a length is not read past the cap.
		bytes = await readBounded(request, MAX_REQUEST_BYTES);
	} catch (e) {
		if (e instanceof BodyTooLarge) throw new UploadRefused(`上传内容过大（上限 ${MAX_REQUEST_BYTES / 1048576} MB）`);
		throw e;
	}
	let form: FormData;
	try {
		form = await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
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

export async function preview(
	h: Host,
	user: SessionUser,
	incoming: Incoming[],
	{ parse = parser() }: { parse?: Parser } = {}
): Promise<{ id: string; files: PreviewFile[] }> {
	authorize(user, 'upload');
	const files = unpack(incoming);
	const id = randomBytes(8).toString('hex');
	const dir = path.join(stagingDir(), id);
	await mkdir(dir, { recursive: true });
	const facts = await derivedFacts(h);
	const ctx = { user, matcher: facts.matcher, storedHashes: facts.hashes, seenHashes: new Set<string>(), storedReports: facts.reports };
	const p = parse;
	// Copies are refused by their hash, before a parser (or OCR) is spent on them.
	const copies = copiesByHash(
		files.map((f) => createHash('sha256').update(f.bytes).digest('hex')),
		facts.hashes
	);
	let results: NewUploadFile[];
	const foreseen = new Map<NewUploadFile, ForeseenFinding[]>();
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
				if (copies[n]) return { f, staged: null, refused: copies[n] };
				const staged = path.join(dir, `${n}.${ext}`);
				await writeFile(staged, f.bytes, { mode: 0o600 });
				return { f, staged, outcome: await p.parse(path.resolve(staged)) };
			})
		);
		const judged = parsed.map((r) => {
			if (!('outcome' in r) || !r.outcome) return { file: refusedFile(r.f.name, r.refused!), report: null };
			const v = judge(r.outcome, ctx);
			const file: NewUploadFile = { ...v, original_name: r.f.name, staged_path: v.status === 'ok' ? r.staged : null, size: r.f.bytes.length };
			return { file, report: v.status === 'ok' ? r.outcome.report! : null };
		});
		// What each accepted file would raise, and whether it corrects a stored report.
		const accepted = judged.filter((j) => j.report);
		const seen = await foresee(
			h,
			facts.matcher,
			accepted.map((j) => ({ report: j.report!, agencyId: j.file.agency_id }))
		);
		for (const [i, j] of accepted.entries()) {
			foreseen.set(j.file, seen[i].findings);
			const at = j.file.warnings.findIndex((w) => w.code === 'existing_report');
			if (at >= 0) j.file.warnings[at] = existingReport(j.file.agency!, j.file.year!, seen[i].changes);
		}
		results = judged.map((j) => j.file);
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
			reason: r.reason,
			findings: foreseen.get(r) ?? []
		}))
	};
}

/** The staged file names of the results (n.ext), for cleanup. */
function stagedNames(results: NewUploadFile[]) {
	return results.map((r, n) => ({ status: r.status, file: `${n}.${extensionOf(r.original_name) || 'bin'}` }));
}

// ---- commit and ingest ----

/** The upload as the user may see it: 404 when there is none, 403 when it is another agency's. */
export async function uploadFor(h: Host, user: SessionUser | null, id: string): Promise<UploadRow> {
	const u = authorize(user, 'upload');
	const upload = await getUpload(h, id);
	if (!upload) error(404, '没有这次上传');
	if (u.role === 'agency' && upload.agency_id !== u.agency_id) error(403, '没有权限');
	return upload;
}

/**
 * The commit's body (optional, interfaces.md): for a file whose agency the registry did not name
 * (by its place in the preview), a registry agency, or an agency to add — reviewers and admins.
 */
export const CommitBody = z.strictObject({
	agencies: z
		.array(
			z.union([
				z.strictObject({ file: z.number().int().min(0), agency_id: z.number().int().positive() }),
				z.strictObject({ file: z.number().int().min(0), new: NewAgency })
			])
		)
		.max(MAX_UPLOAD_FILES)
		.default([]),
	/** The 发布日期 the uploader enters for a file (by its place): when the agency published it; none is ever assumed. */
	published: z
		.array(z.strictObject({ file: z.number().int().min(0), date: z.iso.date('发布日期应写作 YYYY-MM-DD') }))
		.max(MAX_UPLOAD_FILES)
		.default([])
});
export type CommitChoice = z.infer<typeof CommitBody>['agencies'][number];
export type PublishedEntry = z.infer<typeof CommitBody>['published'][number];

export async function commit(h: Host, user: SessionUser, id: string, choices: CommitChoice[] = [], published: PublishedEntry[] = []): Promise<void> {
	const upload = await uploadFor(h, user, id);
	if (choices.length) authorize(user, 'assign_agency');
	if (upload.state === 'ingesting') throw new UserError('这次上传正在入库');
	if (upload.state === 'done') throw new UserError('这次上传已经入库');
	const files = (await uploadFiles(h, id)).filter((f) => f.status === 'ok');
	if (!files.length) throw new UserError('这次上传没有可入库的文件');
	await recordChoices(h, user.username, id, await checkChoices(h, files, choices));
	const dates = checkPublished(files, published);
	await changeState(h, user.username, id, 'ingesting', null, { files: files.length, published: Object.fromEntries(dates) });
	enqueue(() => run(h, user.username, id, dates));
}

/** Each date entered for an accepted file, once, on a day after the report's year ended and not after today (China). */
function checkPublished(files: UploadFileRow[], published: PublishedEntry[]): Map<number, string> {
	const dates = new Map<number, string>();
	const today = seasonToday();
	for (const p of published) {
		const f = files.find((x) => x.n === p.file);
		if (!f) throw new UserError(`第 ${p.file + 1} 个文件不在可入库的文件中`);
		if (dates.has(p.file)) throw new UserError(`第 ${p.file + 1} 个文件的发布日期填写了两次`);
		if (p.date > today) throw new UserError(`「${f.original_name}」的发布日期 ${p.date} 晚于今天`);
		if (f.year !== null && p.date < `${f.year + 1}-01-01`)
			throw new UserError(`「${f.original_name}」是${f.year}年度报告，发布日期不会早于${f.year + 1}年1月1日`);
		dates.set(p.file, p.date);
	}
	return dates;
}

const RegistryAgency = z.object({ id: z.coerce.number(), generated: z.boolean() });

/** The choices, checked against the upload and the served registry: each for an unmatched file, naming a registry agency. */
async function checkChoices(h: Host, files: UploadFileRow[], choices: CommitChoice[]): Promise<AgencyChoice[]> {
	if (!choices.length) return [];
	const ids = [...new Set(choices.flatMap((c) => ('agency_id' in c ? [c.agency_id] : c.new.parent_id === null ? [] : [c.new.parent_id])))];
	const known = existsSync(dbPath())
		? await h.read((c) =>
				select(c, RegistryAgency, `SELECT id, generated FROM agencies WHERE list_contains(string_split($1, ','), id::VARCHAR)`, [ids.join(',')])
			)
		: [];
	const isRegistry = (agencyId: number) => agencyId <= MAX_REGISTRY_ID && known.some((k) => k.id === agencyId && !k.generated);
	const seen = new Set<number>();
	return choices.map((c) => {
		const f = files.find((x) => x.n === c.file);
		if (!f) throw new UserError(`第 ${c.file + 1} 个文件不在可入库的文件中`);
		if (seen.has(c.file)) throw new UserError(`第 ${c.file + 1} 个文件的单位指定了两次`);
		seen.add(c.file);
		if (f.agency_id !== null && !isInferredAgency(f.agency_id)) throw new UserError(`「${f.original_name}」已对应名录中的单位，不能另选`);
		if ('agency_id' in c) {
			if (!isRegistry(c.agency_id)) throw new UserError(`单位名录中没有编号为 ${c.agency_id} 的单位`);
			return { n: c.file, agency_id: c.agency_id };
		}
		if (c.new.parent_id !== null && !isRegistry(c.new.parent_id)) throw new UserError(`上级单位（编号 ${c.new.parent_id}）不在单位名录中`);
		return { n: c.file, new_agency: c.new };
	});
}

/** One upload's store and ingest; any failure marks it failed (it may be committed again). */
async function run(h: Host, actor: string, id: string, published: Map<number, string> = new Map()) {
	try {
		const files = (await uploadFiles(h, id)).filter((f) => f.status === 'ok');
		const chosen = await applyChoices(h, actor, id, files);
		const dir = uploadDir();
		await mkdir(dir, { recursive: true });
		// The names first (a retry finds them), then the bytes; the name carries this moment: the order of versions (report/arrival.ts).
		const at = new Date();
		const stored = files.map((f) => ({
			n: f.n,
			from: f.staged_path,
			stored_path:
				f.stored_path ??
				path.relative(process.cwd(), path.resolve(dir, uploadFileName(chosen.get(f.n) ?? f.agency_id, f.year!, at, f.sha256!, extensionOf(f.original_name))))
		}));
		await recordStored(
			h,
			actor,
			id,
			stored.map(({ n, stored_path }) => ({ n, stored_path }))
		);
		for (const f of stored) {
			// The date entered first, beside the file (report/provenance.ts): a rebuild reads it again.
			const date = published.get(f.n);
			if (date) await writeFile(provenancePath(f.stored_path), JSON.stringify({ published: date, published_from: 'entered', uploaded_by: actor }) + '\n');
			if (f.from && existsSync(f.from)) await moveFile(f.from, f.stored_path);
			else if (!existsSync(f.stored_path)) throw new Error(`暂存的文件已不存在：${files.find((x) => x.n === f.n)!.original_name}`);
		}
		await rm(path.join(stagingDir(), id), { recursive: true, force: true });
		const summary = await ingestChild(
			h,
			(stage) => void recordProgress(h, id, stage).catch(() => {}),
			stored.map((f) => f.stored_path)
		);
		await changeState(h, actor, id, 'done', null, { summary });
	} catch (e) {
		await changeState(h, actor, id, 'failed', `入库失败：${(e as Error).message}`.slice(0, 1000)).catch(() => {});
	}
}

/**
 * The agencies chosen for the upload's files, written to the registry file (a name taken as a
 * registry agency's alias; an agency added): the file's agency id by its place in the upload.
 * An agency added once keeps its id in the workbench, so that a retry does not add it again.
 */
async function applyChoices(h: Host, actor: string, id: string, files: UploadFileRow[]): Promise<Map<number, number>> {
	const amended: { n: number; added: boolean; amendment: Amendment }[] = [];
	for (const f of files) {
		const alias = f.agency;
		if (!alias) continue; // an accepted file always names its agency
		if (f.chosen_agency_id !== null) amended.push({ n: f.n, added: false, amendment: { alias, agency_id: f.chosen_agency_id } });
		else if (f.new_agency) {
			const add = NewAgency.parse(JSON.parse(f.new_agency));
			amended.push({ n: f.n, added: true, amendment: { add, alias } });
		}
	}
	if (!amended.length) return new Map();
	const taken = existsSync(dbPath()) ? await h.read((c) => select(c, Ids, `SELECT id FROM agencies WHERE id <= $1`, [MAX_REGISTRY_ID])) : [];
	const ids = await amendRegistry(
		registryPath(),
		amended.map((a) => a.amendment),
		new Set(taken.map((t) => t.id))
	);
	for (const [i, a] of amended.entries()) if (a.added) await recordAdded(h, actor, id, a.n, ids[i]);
	return new Map(amended.map((a, i) => [a.n, ids[i]]));
}

const Ids = z.object({ id: z.coerce.number() });

async function moveFile(from: string, to: string) {
	try {
		await rename(from, to);
	} catch {
		await copyFile(from, to);
		await rm(from, { force: true });
	}
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

/** How many uploads (and registry changes) wait for or run an ingest now. */
export { pendingIngests } from '../ingest-queue.js';

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
