/** The season as the server sees it: the settings the served database was built with, and the year under review today. */
import { z } from 'zod';
import { cached, query } from '../db.js';
import { DEFAULT_SETTINGS, SeasonSettingsSchema, reviewYear, type SeasonSettings } from '../../report/season.js';
import { seasonToday } from '../../build/season.js';

/** The office's season settings, as the served database was built with them. */
export function servedSettings(): Promise<SeasonSettings> {
	return cached('season-settings', async () => {
		const rows = await query(z.object({ value: z.string() }), `SELECT value FROM meta WHERE key = 'season_settings'`).catch(() => []);
		const parsed = rows[0] ? SeasonSettingsSchema.safeParse(JSON.parse(rows[0].value)) : null;
		return parsed?.success ? parsed.data : DEFAULT_SETTINGS;
	});
}

/** The year under review today (report/season.ts reviewYear). */
export async function currentReviewYear(): Promise<number> {
	return reviewYear(seasonToday(), await servedSettings());
}

/** The day the served database's roster is as of (its checks' day), or null for one that does not say. */
export function servedAsOf(): Promise<string | null> {
	return cached('season-as-of', async () => {
		const rows = await query(z.object({ value: z.string() }), `SELECT value FROM meta WHERE key = 'season_as_of'`).catch(() => []);
		return rows[0]?.value ?? null;
	});
}
