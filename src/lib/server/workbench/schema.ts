/**
 * The workbench (data/workbench.duckdb): what people decide. Never rebuilt — backed up — so its
 * shape changes by migrations, applied in order and recorded in `wb.meta`, never by recreating.
 * It refers to the derived database only by stable keys (report/ids.ts): agency ids, report ids,
 * finding ids.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Each step takes the workbench from the version before it to its own number. */
const MIGRATIONS: string[] = [
	// 1: accounts, sessions, the audit log
	`CREATE TABLE wb.users (
		id INTEGER PRIMARY KEY,
		username VARCHAR NOT NULL UNIQUE,
		role VARCHAR NOT NULL,            -- admin / reviewer / viewer / agency
		agency_id BIGINT,                 -- the agency an agency account speaks for
		password_hash VARCHAR NOT NULL,   -- auth/password.ts: scrypt$N$r$p$salt$hash
		disabled BOOLEAN NOT NULL,
		created_at TIMESTAMP NOT NULL,
		updated_at TIMESTAMP NOT NULL
	);
	CREATE TABLE wb.sessions (
		token_hash VARCHAR PRIMARY KEY,   -- sha256 of the cookie's 32 random bytes: the token itself is never stored
		user_id INTEGER NOT NULL,
		created_at TIMESTAMP NOT NULL,
		last_seen_at TIMESTAMP NOT NULL,
		revoked_at TIMESTAMP,
		address VARCHAR
	);
	CREATE TABLE wb.audit (
		id BIGINT PRIMARY KEY,
		"at" TIMESTAMP NOT NULL,
		actor VARCHAR NOT NULL,           -- a username, or cli:NAME for the command line
		action VARCHAR NOT NULL,
		target VARCHAR,
		before VARCHAR,                   -- JSON, or NULL for what did not exist
		after VARCHAR                     -- JSON, or NULL for what no longer exists
	);`,
	// 2: reviews of findings and agencies' replies, each a row of its history (the latest is the state)
	`CREATE TABLE wb.reviews (
		id BIGINT PRIMARY KEY,
		finding_id VARCHAR NOT NULL,      -- derived findings.id (or former_id): report/ids.ts findingId
		agency_id BIGINT NOT NULL,        -- whose finding: what an agency account may see
		year INTEGER NOT NULL,
		rule VARCHAR NOT NULL,
		message VARCHAR NOT NULL,         -- the finding as it read when reviewed (kept when it is gone)
		state VARCHAR NOT NULL,           -- confirmed / dismissed / corrected / open (reopened)
		note VARCHAR,
		username VARCHAR NOT NULL,
		"at" TIMESTAMP NOT NULL
	);
	CREATE TABLE wb.replies (
		id BIGINT PRIMARY KEY,
		finding_id VARCHAR NOT NULL,
		agency_id BIGINT NOT NULL,
		text VARCHAR NOT NULL,
		username VARCHAR NOT NULL,
		"at" TIMESTAMP NOT NULL
	);`,
	// 3: reports uploaded through the browser (the files themselves live under data/reports/uploads)
	`CREATE TABLE wb.uploads (
		id VARCHAR PRIMARY KEY,           -- 16 random hex digits
		username VARCHAR NOT NULL,
		agency_id BIGINT,                 -- the agency an agency account uploaded for (NULL for reviewers and admins)
		state VARCHAR NOT NULL,           -- previewed / ingesting / done / failed
		progress DOUBLE NOT NULL,         -- 0..1 while ingesting
		error VARCHAR,
		created_at TIMESTAMP NOT NULL,
		updated_at TIMESTAMP NOT NULL
	);
	CREATE TABLE wb.upload_files (
		upload_id VARCHAR NOT NULL,
		n INTEGER NOT NULL,               -- its place in the upload
		original_name VARCHAR NOT NULL,   -- as the uploader named it (a zip entry: its path inside)
		staged_path VARCHAR,              -- data/uploads/staging/{id}/{n}.{ext} until committed
		stored_path VARCHAR,              -- data/reports/uploads/{agency_id}-{year}-{sha8}.{ext} once committed
		sha256 VARCHAR,
		size BIGINT,
		status VARCHAR NOT NULL,          -- ok / rejected
		reason VARCHAR,
		agency VARCHAR,                   -- the agency matched (or as the report names itself)
		agency_id BIGINT,
		year INTEGER,
		template VARCHAR,
		warnings VARCHAR,                 -- JSON
		PRIMARY KEY (upload_id, n)
	);`,
	// 4: the agency a reviewer chose for an unmatched file at commit (applied to the registry file, data/agencies.csv)
	`ALTER TABLE wb.upload_files ADD COLUMN chosen_agency_id BIGINT;  -- the registry agency picked, or the one added for it
	ALTER TABLE wb.upload_files ADD COLUMN new_agency VARCHAR;        -- JSON {name, level, parent_id, region} of an agency to add; NULL for a pick`,
	// 5: where an ingesting upload is (upload/stage.ts IngestStage as JSON): reading page n of m, checking, writing
	`ALTER TABLE wb.uploads ADD COLUMN stage VARCHAR;`
];

export const WORKBENCH_VERSION = MIGRATIONS.length;

export async function migrateWorkbench(c: DuckDBConnection) {
	await c.run('CREATE TABLE IF NOT EXISTS wb.meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
	const row = (await c.runAndReadAll(`SELECT value FROM wb.meta WHERE key = 'schema_version'`)).getRowsJS()[0];
	const from = row ? Number(row[0]) : 0;
	if (from > WORKBENCH_VERSION) throw new Error(`工作台数据库版本 ${from} 比程序支持的 ${WORKBENCH_VERSION} 新：请升级程序`);
	for (let v = from; v < WORKBENCH_VERSION; v++) {
		await c.run('BEGIN TRANSACTION');
		await c.run(MIGRATIONS[v]);
		await c.run(`INSERT OR REPLACE INTO wb.meta VALUES ('schema_version', $1)`, [String(v + 1)]);
		await c.run('COMMIT');
	}
}
