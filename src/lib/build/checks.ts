/**
 * Runs the checks over the database being built and writes their findings, each rule over its
 * declared scope (checks/rules.ts): every report and agency, or — when the build records what
 * changed (changes.ts) — the agencies whose reports changed, the copies' candidate pairs of
 * their reports, and the peer groups they belong to. Reads agency by agency (in chunks,
 * column-wise); what the rules across agencies need of every report (text signatures, rates) is
 * in the file, read back by streamed queries, so memory does not grow with the corpus.
 */
import { listValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { CellRef } from '../report/metrics.js';
import type { AgencyLevel } from '../report/agencies.js';
import type { TemplateId } from '../report/template.js';
import { checkAgency, ownedFindings, type Signed } from '../checks/run.js';
import { PEER_RATES, copyLikelihood, type Described, type PeerRate } from '../checks/corpus-rules.js';
import { rulesOf } from '../checks/rules.js';
import { MAX_BUCKET } from '../checks/similarity.js';
import type { Finding, ReportData } from '../checks/types.js';
import { INFERRED_BASE, findingId, isInferredAgency, reportIdsOf } from '../report/ids.js';
import { formerFindingId } from './registry.js';
import { latestPastDue, owedSpan, type Due } from '../report/season.js';
import { readSeasonMeta } from './season.js';
import { RosterWriter, rosterRows } from './roster.js';
import * as T from '../contract/tables.js';
import { columnArrays, rowObjects } from '../contract/rows.js';
import { rowWriter } from '../contract/tables.js';
import type { BuildConnections } from './build.js';
import { CHANGED_AGENCIES, CHANGED_FINDINGS, CHANGED_YEARS, CHANGES, dropChanges, isScoped } from './changes.js';

const CHUNK = 100; // agencies per read: a few tens of thousands of cells at a time

/** The findings the rules of one agency's years write (report and agency scopes, and its own years' copies). */
const AGENCY_FINDINGS = `rule NOT IN ('rate_outlier', 'source_conflict') AND NOT (rule = 'similar_text' AND split_part(subject, '-', 1) <> agency_id::VARCHAR)`;
/** The findings of copies across agencies: another agency's report is the subject. */
const COPY_FINDINGS = `rule = 'similar_text' AND split_part(subject, '-', 1) <> agency_id::VARCHAR`;

/** The checks, as a few steps: every (changed) agency's own rules chunk by chunk, then the rules across agencies. */
export async function runChecks(build: BuildConnections): Promise<number> {
	const { c, appends } = build;
	const spanOf = await corpusSpans(c);
	// A generated corpus that now spans other years: every generated agency owes other years.
	if ((await isScoped(c)) && (await storedSpans(c)) !== spanOf.key) await dropChanges(c);
	const scoped = await isScoped(c);
	if (scoped) await c.run(`CREATE OR REPLACE TABLE ${CHANGED_FINDINGS} (id VARCHAR)`);
	const removed = (where: string) => removeFindings(c, scoped, where);
	await removed(scoped ? `agency_id IN ${CHANGED_AGENCIES} AND ${AGENCY_FINDINGS}` : `rule <> 'source_conflict'`);
	await c.run(`DELETE FROM version_findings ${scoped ? `WHERE report_id // 10000 IN ${CHANGED_AGENCIES}` : ''}`);
	await c.run(`DELETE FROM roster ${scoped ? `WHERE agency_id IN ${CHANGED_AGENCIES}` : ''}`);
	const buckets = scoped ? await BucketWatch.before(c) : null;
	await c.run(`DELETE FROM signatures ${scoped ? `WHERE agency_id IN ${CHANGED_AGENCIES}` : ''}`);
	await c.run(`DELETE FROM signature_bands ${scoped ? `WHERE agency_id IN ${CHANGED_AGENCIES}` : ''}`);
	const season = await readSeasonMeta(c);
	const keys = await cellKeys(c, scoped);
	const roster = await RosterWriter.open(c);
	const signatures = await SignatureStore.open(c);
	// On the other connection: findings are written while the rules across agencies stream rows.
	const findings = await FindingWriter.open(appends, scoped);
	const earlierFindings = await VersionFindingWriter.open(c);
	for await (const chunk of agencyChunks(c, scoped)) {
		const earlier = await readEarlierVersions(c, chunk, keys);
		for (const { agency, reports } of await readChunk(c, chunk, keys)) {
			const owed = expectedYears(agency, reports, spanOf, season.asOf);
			roster.write(rosterRows(agency.id, agency.due, owed, reports, season.asOf));
			// A year owed is missing once its deadline has passed; every year of the span is owed, from its start.
			const years: [number, number] = owed ? [owed[0], Math.min(owed[1], latestPastDue(season.asOf, agency.due))] : [1, 0];
			const result = checkAgency(reports, years, true, agency.id);
			findings.write(distinctSubjects(result.findings));
			signatures.keep(result.signed);
			for (const r of reports) {
				for (const v of earlier.get(r.id) ?? []) {
					// The earlier version in the report's place, the agency's other years as they stand.
					const asThen = checkAgency(
						reports.map((x) => (x.id === r.id ? { ...x, ...v.data } : x)),
						years,
						agency.generated,
						agency.id
					);
					earlierFindings.write(distinctSubjects(asThen.findings.filter((f) => f.report_id === r.id)), v.version);
				}
			}
		}
		// An appender holds ~200,000 rows before it writes them (a signature is 512 bytes): flushed
		// by chunk, so that what waits in native memory does not grow with the corpus.
		signatures.flush();
		findings.flush();
		roster.flush();
		earlierFindings.flush();
	}
	earlierFindings.close();
	roster.close();
	signatures.close();
	await copiesAcrossAgencies(build, findings, buckets);
	await peerRates(c, findings, scoped);
	await c.run('DROP TABLE IF EXISTS check_cell_keys');
	findings.close();
	await assignFormerIds(build, 'findings');
	await assignFormerIds(build, 'version_findings');
	await c.run(`INSERT OR REPLACE INTO meta VALUES ('check_spans', $1)`, [spanOf.key]);
	return findings.count;
}

/** Findings removed before their scope is checked again; in a scoped build their ids are recorded (changes.ts). */
async function removeFindings(c: DuckDBConnection, scoped: boolean, where: string) {
	if (scoped) await c.run(`INSERT INTO ${CHANGED_FINDINGS} SELECT id FROM findings WHERE ${where}`);
	await c.run(`DELETE FROM findings WHERE ${where}`);
}

/** The spans the last checks read (corpusSpans key), or null. */
async function storedSpans(c: DuckDBConnection): Promise<string | null> {
	const rows = (await c.runAndReadAll(`SELECT value FROM meta WHERE key = 'check_spans'`)).getRowsJS();
	return rows.length ? String(rows[0][0]) : null;
}

/**
 * The years an agency owes a report in: what is known of it, never another corpus's span. A
 * generated corpus says who must report in each of its years. A real agency owes from its
 * registry `first_year` (else its first report, else the year under review: the year it entered
 * the registry) through its `last_year` (else, still active, the year under review): season.ts
 * owedSpan. An agency known only from its reports owes the years between them. Null when its span is empty.
 */
export function expectedYears(
	agency: { id: number; generated: boolean; first_year: number | null; last_year: number | null },
	reports: { year: number }[],
	spanOf: (generated: boolean) => [number, number] | null,
	today: string
): [number, number] | null {
	if (agency.generated) return spanOf(true);
	// An agency the registry does not list is not known to exist beyond its reports: only the gaps between them.
	if (isInferredAgency(agency.id)) return reports.length ? [reports[0].year, reports[reports.length - 1].year] : null;
	return owedSpan(
		agency,
		reports.map((r) => r.year),
		today
	);
}

interface AgencyRow {
	id: number;
	name: string;
	level: AgencyLevel;
	parent_level: AgencyLevel | null;
	generated: boolean;
	first_year: number | null;
	last_year: number | null;
	due: Due;
}

/**
 * Every agency (or every changed one) in id order, CHUNK at a time, from a temporary numbered
 * list (a nation's 170,000 are not held at once). Changed agencies one at a time: a chunk is
 * read as a span of report ids, and changed agencies lie anywhere.
 */
async function* agencyChunks(c: DuckDBConnection, scoped: boolean): AsyncGenerator<AgencyRow[]> {
	await c.run(`CREATE OR REPLACE TEMP TABLE check_agencies AS
		SELECT row_number() OVER (ORDER BY a.id) AS k, a.id, a.name, a.level, p.level AS parent_level, a.generated, a.first_year, a.last_year, a.due
		FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id ${scoped ? `WHERE a.id IN ${CHANGED_AGENCIES}` : ''} ORDER BY k`);
	const sql = 'SELECT id, name, level, parent_level, generated, first_year, last_year, due FROM check_agencies WHERE k > $from AND k <= $from + $n ORDER BY k';
	const n = scoped ? 1 : CHUNK;
	for (let from = 0; ; from += n) {
		const chunk = rowObjects(await c.runAndReadAll(sql, { from, n })) as unknown as AgencyRow[];
		if (!chunk.length) break;
		yield chunk;
	}
	await c.run('DROP TABLE check_agencies');
}

/** The years each corpus (real, generated) covers: a generated agency is expected to report in all of them. `key` tells one set of spans from another. */
async function corpusSpans(c: DuckDBConnection): Promise<((generated: boolean) => [number, number] | null) & { key: string }> {
	const rows = rowObjects(
		await c.runAndReadAll('SELECT generated, min(year)::INTEGER AS lo, max(year)::INTEGER AS hi FROM reports GROUP BY generated ORDER BY generated')
	) as {
		generated: boolean;
		lo: number;
		hi: number;
	}[];
	const spanOf = (generated: boolean): [number, number] | null => {
		const s = rows.find((x) => x.generated === generated);
		return s ? [s.lo, s.hi] : null;
	};
	return Object.assign(spanOf, { key: JSON.stringify(spanOf(true)) });
}

/** A chunk of agencies (consecutive ids) with their reports as the rules read them: three queries for the chunk. */
async function readChunk(c: DuckDBConnection, chunk: AgencyRow[], keys: CellKeys): Promise<{ agency: AgencyRow; reports: ReportData[] }[]> {
	const [lo, hi] = idSpan(chunk);
	const reports = rowObjects(
		await c.runAndReadAll('SELECT id, agency_id, year, template, published_date, published_source FROM reports WHERE id BETWEEN $1 AND $2 ORDER BY id', [
			lo,
			hi
		])
	) as unknown as StoredReport[];
	// Cells by number, and the text only of cells without a value (all the rules read of it).
	const values = cellsByKey(
		await c.runAndReadAll(
			`SELECT c.report_id, k.idx, c.value, CASE WHEN c.value IS NULL THEN c.raw END AS raw
			FROM cells c JOIN check_cell_keys k USING (table_key, row_key, col_key) WHERE c.report_id BETWEEN $1 AND $2`,
			[lo, hi]
		),
		keys
	);
	const texts = sectionsBy(await c.runAndReadAll('SELECT report_id, section, text FROM report_sections WHERE report_id BETWEEN $1 AND $2', [lo, hi]));
	return chunk.map((agency) => ({
		agency,
		reports: reports.filter((r) => r.agency_id === agency.id).map((r) => reportData(agency, r, values.get(r.id) ?? NO_CELLS, texts.get(r.id) ?? {}, keys))
	}));
}

/**
 * The earlier versions (更正版) of a chunk's reports, by report id, each as the rules read it:
 * what differs from the report (cells, sections, template, publication), to put in its place.
 */
async function readEarlierVersions(
	c: DuckDBConnection,
	chunk: AgencyRow[],
	keys: CellKeys
): Promise<Map<number, { version: number; data: Pick<ReportData, 'template' | 'value' | 'raw' | 'sections' | 'published'> }[]>> {
	const [lo, hi] = idSpan(chunk);
	const out = new Map<number, { version: number; data: Pick<ReportData, 'template' | 'value' | 'raw' | 'sections' | 'published'> }[]>();
	const versions = rowObjects(
		await c.runAndReadAll(
			`SELECT report_id, version, template, published_date, published_source FROM report_versions
			 WHERE NOT current AND report_id BETWEEN $1 AND $2 ORDER BY report_id, version`,
			[lo, hi]
		)
	) as unknown as { report_id: number; version: number; template: TemplateId; published_date: string | null; published_source: string | null }[];
	// Earlier versions are few (a report corrected once or twice): each read by itself.
	for (const v of versions) {
		const at = [v.report_id, v.version];
		const m =
			cellsByKey(
				await c.runAndReadAll(
					`SELECT c.report_id, k.idx, c.value, CASE WHEN c.value IS NULL THEN c.raw END AS raw
					FROM version_cells c JOIN check_cell_keys k USING (table_key, row_key, col_key) WHERE c.report_id = $1 AND c.version = $2`,
					at
				),
				keys
			).get(v.report_id) ?? NO_CELLS;
		const sections = sectionsBy(await c.runAndReadAll('SELECT report_id, section, text FROM version_sections WHERE report_id = $1 AND version = $2', at));
		const list = out.get(v.report_id) ?? [];
		list.push({
			version: v.version,
			data: {
				template: v.template,
				value: (ref) => m.value[keys.of(ref)] ?? null,
				raw: (ref) => m.raw[keys.of(ref)] ?? null,
				sections: sections.get(v.report_id) ?? {},
				published: v.published_date ? { date: v.published_date, source: v.published_source ?? '' } : null
			}
		});
		out.set(v.report_id, list);
	}
	return out;
}

interface StoredReport {
	id: number;
	agency_id: number;
	year: number;
	template: TemplateId;
	published_date: string | null;
	published_source: string | null;
}

/** The report ids of a chunk of agencies (consecutive ids): from, to. */
function idSpan(chunk: AgencyRow[]): [number, number] {
	return [reportIdsOf(chunk[0].id)[0], reportIdsOf(chunk[chunk.length - 1].id)[1]];
}

/** Rows of (owner, key number, value, raw) as each owner's cells by key number. */
function cellsByKey(result: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>, keys: CellKeys): Map<number, StoredCells> {
	const cells = columnArrays(result) as unknown as [number[], number[], (number | null)[], (string | null)[]];
	const values = new Map<number, StoredCells>();
	for (let k = 0; k < cells[0].length; k++) {
		const owner = Number(cells[0][k]);
		let m = values.get(owner);
		if (!m) values.set(owner, (m = { value: new Array(keys.count), raw: new Array(keys.count) }));
		m.value[cells[1][k]] = cells[2][k];
		m.raw[cells[1][k]] = cells[3][k];
	}
	return values;
}

/** Rows of (owner, section, text) as each owner's sections. */
function sectionsBy(result: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>): Map<number, Record<string, string | null>> {
	const sections = columnArrays(result) as unknown as [number[], string[], (string | null)[]];
	const texts = new Map<number, Record<string, string | null>>();
	for (let k = 0; k < sections[0].length; k++) {
		const owner = Number(sections[0][k]);
		const t = texts.get(owner) ?? {};
		t[sections[1][k]] = sections[2][k];
		texts.set(owner, t);
	}
	return texts;
}

function reportData(agency: AgencyRow, r: StoredReport, m: StoredCells, sections: Record<string, string | null>, keys: CellKeys): ReportData {
	return {
		id: r.id,
		agencyId: agency.id,
		agency: agency.name,
		level: agency.level,
		parentLevel: agency.parent_level,
		year: r.year,
		template: r.template,
		generated: agency.generated,
		value: (ref) => m.value[keys.of(ref)] ?? null,
		raw: (ref) => m.raw[keys.of(ref)] ?? null,
		sections,
		published: r.published_date ? { date: r.published_date, source: r.published_source ?? '' } : null,
		deadline: agency.due
	};
}

/** What 内容雷同 across agencies compares: each report's text signature and its LSH bands (tables.ts signatures). */
class SignatureStore {
	private writeSignature: (row: T.RowOf<'signatures'>) => void;
	private writeBand: (row: T.RowOf<'signature_bands'>) => void;

	private constructor(
		private signatures: DuckDBAppender,
		private bands: DuckDBAppender
	) {
		this.writeSignature = rowWriter(T.signatures, signatures);
		this.writeBand = rowWriter(T.signatureBands, bands);
	}

	static async open(c: DuckDBConnection): Promise<SignatureStore> {
		return new SignatureStore(await c.createAppender('signatures'), await c.createAppender('signature_bands'));
	}

	keep(signed: Signed[]) {
		for (const s of signed) {
			const at = { report_id: s.id, agency_id: s.agencyId, year: s.year };
			this.writeSignature({ ...at, sig: new Uint8Array(s.sig.buffer, s.sig.byteOffset, s.sig.byteLength) });
			s.bands.forEach((key, band) => this.writeBand({ ...at, band, key }));
		}
	}

	flush() {
		this.signatures.flushSync();
		this.bands.flushSync();
	}

	close() {
		this.signatures.closeSync();
		this.bands.closeSync();
	}
}

/** Findings into their table, each with its stable id (report/ids.ts findingId); in a scoped build, their ids recorded too. */
class FindingWriter {
	count = 0;
	private writeRow: (row: T.RowOf<'findings'>) => void;

	private constructor(
		private appender: DuckDBAppender,
		private changed: DuckDBAppender | null
	) {
		this.writeRow = rowWriter(T.findings, appender);
	}

	static async open(c: DuckDBConnection, scoped: boolean): Promise<FindingWriter> {
		return new FindingWriter(await c.createAppender('findings'), scoped ? await c.createAppender(CHANGED_FINDINGS) : null);
	}

	write = (fs: Finding[]) => {
		for (const f of fs) {
			const id = findingId(f.rule, f.agency_id, f.year, f.subject);
			this.writeRow({ ...f, id, former_id: null, cells: JSON.stringify(f.cells) });
			if (this.changed) {
				this.changed.appendVarchar(id);
				this.changed.endRow();
			}
			this.count++;
		}
	};

	flush() {
		this.appender.flushSync();
		this.changed?.flushSync();
	}

	close() {
		this.appender.closeSync();
		this.changed?.closeSync();
	}
}

/** An earlier version's findings (version_findings), with the ids the same findings have on the report. */
class VersionFindingWriter {
	private writeRow: (row: T.RowOf<'version_findings'>) => void;

	private constructor(private appender: DuckDBAppender) {
		this.writeRow = rowWriter(T.versionFindings, appender);
	}

	static async open(c: DuckDBConnection): Promise<VersionFindingWriter> {
		return new VersionFindingWriter(await c.createAppender('version_findings'));
	}

	write(fs: Finding[], version: number) {
		for (const f of fs) {
			const { report_id, rule, subject, severity, message } = f;
			this.writeRow({
				id: findingId(rule, f.agency_id, f.year, subject),
				former_id: null,
				report_id,
				version,
				rule,
				subject,
				severity,
				message,
				cells: JSON.stringify(f.cells)
			});
		}
	}

	flush() {
		this.appender.flushSync();
	}

	close() {
		this.appender.closeSync();
	}
}

/**
 * Two findings of one rule on one report with the same subject would share an id: a rule's
 * mistake, which must not cost the batch. The later one is told apart by its order (~2, ~3).
 * (The rules across agencies cannot: one finding per pair of reports, one per rate.)
 */
export function distinctSubjects(fs: Finding[]): Finding[] {
	const seen = new Map<string, number>();
	return fs.map((f) => {
		const key = `${f.report_id}\0${f.rule}\0${f.subject}`;
		const n = (seen.get(key) ?? 0) + 1;
		seen.set(key, n);
		return n === 1 ? f : { ...f, subject: `${f.subject}~${n}` };
	});
}

/**
 * Each finding of a registry agency's report also gets the id it had while the agency was known
 * only by the name the report gives (registry.ts formerFindingId): one pass, in SQL's order, over
 * the findings written since (the others have theirs).
 */
export async function assignFormerIds({ c, appends }: BuildConnections, table: 'findings' | 'version_findings') {
	// A table of the file, not TEMP, so that the other connection appends to it while this one streams.
	await c.run('CREATE OR REPLACE TABLE check_former (id VARCHAR, former_id VARCHAR)');
	const former = await appends.createAppender('check_former');
	const rows = await c.stream(
		`SELECT DISTINCT f.id, f.rule, r.agency_id, r.year, f.subject, r.agency_name FROM ${table} f JOIN reports r ON r.id = f.report_id WHERE r.agency_id < $1 AND f.former_id IS NULL`,
		[INFERRED_BASE]
	);
	for await (const chunk of rows.yieldRowsJs()) {
		for (const [id, rule, agencyId, year, subject, name] of chunk) {
			const formerId = formerFindingId(String(rule), Number(agencyId), String(name), Number(year), String(subject));
			if (!formerId) continue;
			former.appendVarchar(String(id));
			former.appendVarchar(formerId);
			former.endRow();
		}
	}
	former.closeSync();
	await c.run(`UPDATE ${table} SET former_id = t.former_id FROM check_former t WHERE ${table}.id = t.id`);
	await c.run('DROP TABLE check_former');
}

/** One report's cells by key number; `raw` holds only the texts of cells without a value. */
interface StoredCells {
	value: (number | null)[];
	raw: (string | null)[];
}
const NO_CELLS: StoredCells = { value: [], raw: [] };

/**
 * Every cell key in the database numbered, so that a chunk's cells come back as numbers rather
 * than as millions of key strings; a rule's reference finds its number through three small maps.
 */
interface CellKeys {
	count: number;
	of: (ref: CellRef) => number;
}

async function cellKeys(c: DuckDBConnection, scoped: boolean): Promise<CellKeys> {
	const of = scoped ? `WHERE report_id IN (SELECT report_id FROM ${CHANGES} UNION SELECT id FROM reports WHERE agency_id IN ${CHANGED_AGENCIES})` : '';
	await c.run(
		`CREATE OR REPLACE TEMP TABLE check_cell_keys AS
		SELECT table_key, row_key, col_key, (row_number() OVER (ORDER BY table_key, row_key, col_key) - 1)::INTEGER AS idx
		FROM (SELECT DISTINCT table_key, row_key, col_key FROM cells ${of} UNION SELECT DISTINCT table_key, row_key, col_key FROM version_cells ${of})`
	);
	const rows = (await c.runAndReadAll('SELECT table_key, row_key, col_key, idx FROM check_cell_keys')).getRowsJS() as [string, string, string, number][];
	const index = new Map<string, Map<string, Map<string, number>>>();
	for (const [t, r, col, idx] of rows) {
		const byRow = index.get(t) ?? index.set(t, new Map()).get(t)!;
		(byRow.get(r) ?? byRow.set(r, new Map()).get(r)!).set(col, idx);
	}
	// A key no report has: past the end, so it reads as absent.
	return { count: rows.length, of: (ref) => index.get(ref.table)?.get(ref.row)?.get(ref.col) ?? rows.length };
}

/**
 * The LSH buckets a scoped build's changed agencies are in, sized before their reports change
 * (a bucket is compared only while it holds 2..MAX_BUCKET reports): a bucket whose change of size
 * crosses that bound adds or takes away the pairs of all its members, who are then compared again.
 */
class BucketWatch {
	/** The changed agencies' band rows as they were (a bucket's size before = its other members now + these). */
	static async before(c: DuckDBConnection): Promise<BucketWatch> {
		await c.run(`CREATE OR REPLACE TEMP TABLE check_old_bands AS SELECT year, band, key FROM signature_bands WHERE agency_id IN ${CHANGED_AGENCIES}`);
		return new BucketWatch();
	}

	/**
	 * The reports whose pairs are compared again (check_rechecked): the changed agencies', and
	 * the members of every bucket whose being compared changed.
	 */
	async rechecked(c: DuckDBConnection) {
		await c.run(
			`CREATE OR REPLACE TEMP TABLE check_rechecked AS
			WITH keys AS (SELECT DISTINCT year, band, key FROM check_old_bands UNION SELECT DISTINCT year, band, key FROM signature_bands WHERE agency_id IN ${CHANGED_AGENCIES}),
			now AS (SELECT k.year, k.band, k.key, count(b.report_id) AS after, count(b.report_id) FILTER (WHERE b.agency_id NOT IN ${CHANGED_AGENCIES}) AS others
			        FROM keys k LEFT JOIN signature_bands b USING (year, band, key) GROUP BY ALL),
			old AS (SELECT year, band, key, count(*) AS mine FROM check_old_bands GROUP BY ALL),
			flipped AS (SELECT n.year, n.band, n.key FROM now n LEFT JOIN old o USING (year, band, key)
			            WHERE ((n.others + coalesce(o.mine, 0)) BETWEEN 2 AND $max) <> (n.after BETWEEN 2 AND $max))
			SELECT report_id, agency_id FROM signature_bands WHERE agency_id IN ${CHANGED_AGENCIES}
			UNION SELECT b.report_id, b.agency_id FROM signature_bands b SEMI JOIN flipped f USING (year, band, key)`,
			{ max: MAX_BUCKET }
		);
		await c.run('DROP TABLE check_old_bands');
	}
}

/**
 * Rule 9 across agencies (the `copies` scope): reports of one year that share an LSH band are
 * compared, pair by pair, streamed; the copies found wait in a temporary table and are read
 * back, with their words, in pair order, so that neither the pairs nor their texts are held in
 * memory. In a scoped build, only the pairs of the reports BucketWatch names, whose findings
 * (on either report of a pair) are removed first.
 */
async function copiesAcrossAgencies({ c, appends }: BuildConnections, findings: FindingWriter, buckets: BucketWatch | null) {
	let only = '';
	if (buckets) {
		await buckets.rechecked(c);
		const ids = '(SELECT report_id FROM check_rechecked)';
		await removeFindings(
			c,
			true,
			`${COPY_FINDINGS} AND (report_id IN ${ids} OR subject IN (SELECT agency_id || '-' || (report_id % 10000) FROM check_rechecked)
			OR agency_id IN ${CHANGED_AGENCIES} OR TRY_CAST(split_part(subject, '-', 1) AS BIGINT) IN ${CHANGED_AGENCIES})`
		);
		only = `AND (x.report_id IN ${ids} OR y.report_id IN ${ids})`;
	}
	// A table of the file, not TEMP, so that the other connection appends to it while this one streams.
	await c.run('CREATE OR REPLACE TABLE check_copies (a BIGINT, b BIGINT, s DOUBLE)');
	const copies = await appends.createAppender('check_copies');
	// A year and a band at a time: copies are sought within a year, and what DuckDB holds is the
	// buckets of one band of one year. A pair alike in several bands is met in each: kept once, below.
	const parts = (
		await c.runAndReadAll(
			buckets
				? 'SELECT DISTINCT b.year, b.band FROM signature_bands b SEMI JOIN check_rechecked USING (report_id) ORDER BY 1, 2'
				: 'SELECT DISTINCT year, band FROM signature_bands ORDER BY year, band'
		)
	).getRowsJS() as [number, number][];
	for (const [year, band] of parts) {
		const pairs = await c.stream(
			// Buckets by aggregation (which DuckDB spills to disk), so that most reports, alone in theirs, drop out first.
			`WITH bands AS (SELECT report_id, agency_id, key FROM signature_bands WHERE year = $year AND band = $band),
			buckets AS (SELECT key FROM bands GROUP BY key HAVING count(*) BETWEEN 2 AND $max),
			members AS (SELECT b.* FROM bands b SEMI JOIN buckets USING (key)),
			pairs AS (
				SELECT x.report_id AS a, y.report_id AS b
				FROM members x JOIN members y ON x.key = y.key
				WHERE x.report_id < y.report_id AND x.agency_id <> y.agency_id ${only}
			),
			sigs AS (SELECT report_id, sig FROM signatures WHERE year = $year)
			SELECT p.a, p.b, sa.sig AS sig_a, sb.sig AS sig_b
			FROM pairs p JOIN sigs sa ON sa.report_id = p.a JOIN sigs sb ON sb.report_id = p.b`,
			{ year, band, max: MAX_BUCKET }
		);
		for await (const rows of pairs.yieldRows()) {
			for (const [a, b, sa, sb] of rows) {
				const s = copyLikelihood(uint32s(sa), uint32s(sb));
				if (s === null) continue;
				copies.appendBigInt(a as bigint);
				copies.appendBigInt(b as bigint);
				copies.appendDouble(s);
				copies.endRow();
			}
		}
		copies.flushSync();
	}
	copies.closeSync();
	if (buckets) await c.run('DROP TABLE check_rechecked');
	// Each pair once, in pair order (so findings come in one order), with both reports' agency and 总体情况.
	const found = await c.stream(
		`WITH pairs AS (SELECT a, b, any_value(s) AS s FROM check_copies GROUP BY a, b),
		described AS (
			SELECT r.id, r.agency_id, r.year, a.name, coalesce(s.text, '') AS text
			FROM reports r JOIN agencies a ON a.id = r.agency_id LEFT JOIN report_sections s ON s.report_id = r.id AND s.section = 'overview'
			WHERE r.id IN (SELECT a FROM pairs UNION SELECT b FROM pairs))
		SELECT p.s, x.id, x.agency_id, x.year, x.name, x.text, y.id, y.agency_id, y.year, y.name, y.text
		FROM pairs p JOIN described x ON x.id = p.a JOIN described y ON y.id = p.b ORDER BY p.a, p.b`
	);
	const described = (row: unknown[], at: number): Described => ({
		id: Number(row[at]),
		agencyId: Number(row[at + 1]),
		year: Number(row[at + 2]),
		agency: String(row[at + 3]),
		text: String(row[at + 4])
	});
	const rules = rulesOf('copies');
	for await (const rows of found.yieldRowsJs()) {
		for (const row of rows) {
			for (const rule of rules) findings.write(ownedFindings(rule.id, rule.check(described(row, 1), described(row, 6), Number(row[0]))));
		}
	}
	await c.run('DROP TABLE check_copies');
}

/** A BLOB back to its words. The bytes come as a Node Buffer, often a view into a shared pool: copied first. */
function uint32s(v: unknown): Uint32Array {
	return new Uint32Array(new Uint8Array((v as { bytes: Uint8Array }).bytes).buffer);
}

/**
 * Rule 13 (the `peers` scope): each peer group (level, year, rate) read in turn, streamed in
 * group order, a year at a time: a peer group lies within a year, and one query over every year
 * at 1.2M reports (a 1.2M-row join, 700,000 rates sorted) ran out of 128 MB in the checks, where
 * a year's does not. In a scoped build, the levels and years of the changed reports: their
 * groups' findings are removed and the whole groups read again (a changed rate moves the median).
 */
async function peerRates(c: DuckDBConnection, findings: FindingWriter, scoped: boolean) {
	const groups = scoped
		? `SELECT DISTINCT a.level, x.year FROM ${CHANGED_YEARS} x JOIN agencies a ON a.id = x.agency_id`
		: 'SELECT DISTINCT a.level, r.year FROM reports r JOIN agencies a ON a.id = r.agency_id';
	const todo = (await c.runAndReadAll(`${groups} ORDER BY 2, 1`)).getRowsJS().map(([level, year]) => ({ level: String(level), year: Number(year) }));
	if (scoped) {
		await c.run(`CREATE OR REPLACE TEMP TABLE check_peer_groups AS ${groups}`);
		await removeFindings(
			c,
			true,
			`rule = 'rate_outlier' AND EXISTS (SELECT 1 FROM check_peer_groups g JOIN agencies a ON a.level = g.level WHERE a.id = findings.agency_id AND g.year = findings.year)`
		);
		await c.run('DROP TABLE check_peer_groups');
	}
	const rules = rulesOf('peers');
	for (const year of [...new Set(todo.map((g) => g.year))]) {
		const levels = todo.filter((g) => g.year === year).map((g) => g.level);
		const rows = await c.stream(
			`SELECT m.report_id, r.agency_id, a.level, m.metric, m.value
			FROM metrics m JOIN reports r ON r.id = m.report_id JOIN agencies a ON a.id = r.agency_id
			WHERE r.year = $year AND list_contains($levels, a.level) AND list_contains($metrics, m.metric) AND m.value IS NOT NULL AND m.denominator >= $min
			ORDER BY a.level, m.metric, m.report_id`,
			{ year, levels: listValue(levels), metrics: listValue(PEER_RATES.metrics), min: PEER_RATES.minDenominator }
		);
		let group: PeerRate[] = [];
		const flush = () => {
			for (const rule of rules) findings.write(ownedFindings(rule.id, rule.check(group)));
			group = [];
		};
		for await (const chunk of rows.yieldRowsJs()) {
			for (const [id, agencyId, level, metric, value] of chunk) {
				const r: PeerRate = {
					id: Number(id),
					agencyId: Number(agencyId),
					year,
					level: String(level),
					metric: String(metric),
					value: Number(value)
				};
				const g = group[0];
				if (g && (g.level !== r.level || g.metric !== r.metric)) flush();
				group.push(r);
			}
		}
		flush();
	}
}
