/** Unit tests never touch the workbench under data/: each test file gets one of its own. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.NIANBAO_WORKBENCH ??= path.join(mkdtempSync(path.join(tmpdir(), 'nianbao-wb-')), 'workbench.duckdb');
// The season is counted from a fixed day, so that what is owed and missing does not move with the calendar.
process.env.NIANBAO_TODAY ??= '2026-12-07';
