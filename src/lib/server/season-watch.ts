/**
 * A server that runs through a deadline checks again: on the day after 31 January the
 * departments' reports still not in become 缺报 without anyone touching a file. Hourly (and at
 * start) the served database's season (build/season.ts) is compared with today's; when a
 * deadline has passed since its checks ran, an ingest is queued like an upload's (it finds no
 * file changed and runs the checks only).
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { dbPath, parquetDir, type Host } from './db.js';
import { enqueue, ingestChild, pendingIngests } from './ingest-queue.js';
import { seasonToday, seasonVersion } from '../build/season.js';
import { DEFAULT_SETTINGS, SeasonSettingsSchema } from '../report/season.js';

const Meta = z.object({ key: z.string(), value: z.string() });

/** Whether the served database was checked before a deadline that has passed by `today`. */
export async function seasonBehind(h: Host, today: string): Promise<boolean> {
	if (parquetDir() || !existsSync(dbPath())) return false;
	const meta = await h.query(Meta, `SELECT key, value FROM meta WHERE key IN ('season_version', 'season_settings')`);
	const made = meta.find((m) => m.key === 'season_version')?.value;
	if (made === undefined) return false; // made before the roster: the ingest's own versions redo it
	const text = meta.find((m) => m.key === 'season_settings')?.value;
	const settings = text ? SeasonSettingsSchema.parse(JSON.parse(text)) : DEFAULT_SETTINGS;
	const dues = await h.query(z.object({ due: z.string() }), `SELECT DISTINCT due FROM agencies`);
	return (
		made !==
		seasonVersion(
			{ asOf: today, settings },
			dues.map((d) => d.due)
		)
	);
}

/** Checks now and every hour; queues the checks again when the season has moved on. */
export function watchSeason(h: Host, every = 3600_000) {
	const check = async () => {
		if (pendingIngests() > 0 || !(await seasonBehind(h, seasonToday()))) return;
		enqueue(async () => {
			await ingestChild(h, () => {}).catch((e) => console.error(`nianbao: 截止日期后的重新检查失败：${(e as Error).message}`));
		});
	};
	void check().catch(() => {});
	setInterval(() => void check().catch(() => {}), every).unref();
}
