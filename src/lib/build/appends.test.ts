/**
 * Rows streamed from one query while an appender writes: every row comes, past the 204,800 rows
 * at which an appender writes by itself (which ends a result streaming on its own connection,
 * silently). At 1.2M reports, 16,112 findings lost their former ids so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DDL } from '../contract/tables.js';
import { assignFormerIds } from './checks.js';
import { findMoved } from './plan.js';
import { Registry, formerFindingId, type Agency } from './registry.js';
import { reportId } from '../report/ids.js';

/** More rows than an appender holds before it writes them itself (204,800). */
const PAST_FLUSH = 250_000;

let instance: DuckDBInstance;
let c: DuckDBConnection;
let appends: DuckDBConnection;
beforeEach(async () => {
	instance = await DuckDBInstance.create(':memory:');
	c = await instance.connect();
	appends = await instance.connect();
	await c.run(DDL);
});
afterEach(() => {
	c.closeSync();
	appends.closeSync();
	instance.closeSync();
});

const count = async (sql: string) => Number((await c.runAndReadAll(sql)).getRowsJS()[0][0]);

describe('streams read while appending', () => {
	it('every finding of a registry agency gets its former id, however many', async () => {
		// One report of agency 7 (a registry id) per year; findings spread over them by subject.
		await c.run(
			`INSERT INTO reports SELECT 7 * 10000 + y, 7, y, '2021', NULL, '示例县甲镇人民政府', '', '', 'txt', false, NULL, NULL FROM range(2000, 2030) t(y)`
		);
		await c.run(
			`INSERT INTO findings SELECT 'f' || i, NULL, 7 * 10000 + 2000 + i % 30, 7, 2000 + i % 30, 'blank_cell', 's' || i, 'warning', '', '[]' FROM range($1) t(i)`,
			[PAST_FLUSH]
		);
		await assignFormerIds({ c, appends }, 'findings');
		expect(await count('SELECT count(*) FROM findings WHERE former_id IS NULL')).toBe(0);
		const [id, year, subject, former] = (await c.runAndReadAll(`SELECT id, year, subject, former_id FROM findings WHERE id = 'f249999'`)).getRowsJS()[0];
		expect([id, former]).toEqual(['f249999', formerFindingId('blank_cell', 7, '示例县甲镇人民政府', Number(year), String(subject))]);
	});

	it('every stored file the registry now credits to another agency is moved, however many', async () => {
		const agency: Agency = {
			id: 7,
			name: '示例县甲镇人民政府',
			level: 'township',
			parent_id: null,
			region: '',
			aliases: [],
			generated: false,
			needs_review: false
		};
		// Stored as agency 8's; the registry now names agency 7 so.
		await c.run(`INSERT INTO files SELECT 'r/' || i || '.txt', '', 0, 'report', $1, 8, 2020, '示例县甲镇人民政府' FROM range($2) t(i)`, [
			reportId(8, 2020),
			PAST_FLUSH
		]);
		await c.run(`CREATE TABLE ingest_scan AS SELECT path FROM files`);
		await c.run('CREATE TABLE ingest_moved (path VARCHAR, report_id BIGINT)');
		await findMoved({ c, appends }, new Registry([agency]));
		expect(await count(`SELECT count(*) FROM ingest_moved WHERE report_id = ${reportId(7, 2020)}`)).toBe(PAST_FLUSH);
	});
});
