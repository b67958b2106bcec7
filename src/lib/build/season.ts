/**
 * The season as a build sees it: the office's settings (each level's deadline: `season.json`
 * beside the registry, or NIANBAO_SEASON), the day the checks count from, and what of both the
 * derived database records (meta), so that it is checked again when a deadline passes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DEFAULT_SETTINGS, SeasonSettingsSchema, chinaToday, reviewYear, seasonKey, type SeasonSettings } from '../report/season.js';

export interface BuildSeason {
	/** The day (YYYY-MM-DD, China) the roster is as of. */
	asOf: string;
	settings: SeasonSettings;
}

/** The settings file: NIANBAO_SEASON, else season.json beside the registry (data/season.json). */
export function seasonFile(registry: string | null | undefined): string {
	return process.env.NIANBAO_SEASON ?? path.join(path.dirname(registry ?? 'data/agencies.csv'), 'season.json');
}

/** The office's settings; the defaults when there is no file. A file that does not parse is an error, not a default. */
export function readSeasonSettings(file: string): SeasonSettings {
	if (!existsSync(file)) return DEFAULT_SETTINGS;
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(file, 'utf8'));
	} catch (e) {
		throw new Error(`${file}：不是有效的 JSON（${(e as Error).message}）`, { cause: e });
	}
	const parsed = SeasonSettingsSchema.safeParse(json);
	if (!parsed.success) throw new Error(`${file}：${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}`);
	return parsed.data;
}

/** The day a run counts from: NIANBAO_TODAY (YYYY-MM-DD, for tests and for looking back), else today in China. */
export function seasonToday(): string {
	const forced = process.env.NIANBAO_TODAY;
	return forced && /^\d{4}-\d{2}-\d{2}$/.test(forced) ? forced : chinaToday();
}

/** What the roster of a build depends on besides files and registry: the settings, and which deadlines have passed. */
export function seasonVersion(season: BuildSeason, dues: Iterable<string>): string {
	return `${JSON.stringify(season.settings.due)}|${seasonKey(season.asOf, dues, season.settings)}`;
}

const META = { asOf: 'season_as_of', settings: 'season_settings' } as const;

export async function writeSeasonMeta(c: DuckDBConnection, season: BuildSeason) {
	await c.run('INSERT OR REPLACE INTO meta VALUES ($1, $2), ($3, $4)', [META.asOf, season.asOf, META.settings, JSON.stringify(season.settings)]);
}

/** The season a database was built for (the defaults as of today for one that does not say). */
export async function readSeasonMeta(c: DuckDBConnection): Promise<BuildSeason & { review: number }> {
	const rows = (await c.runAndReadAll('SELECT key, value FROM meta WHERE key IN ($1, $2)', [META.asOf, META.settings])).getRowsJS() as [string, string][];
	const get = (k: string) => rows.find(([key]) => key === k)?.[1];
	const settingsText = get(META.settings);
	const settings = settingsText ? SeasonSettingsSchema.parse(JSON.parse(settingsText)) : DEFAULT_SETTINGS;
	const asOf = get(META.asOf) ?? seasonToday();
	return { asOf, settings, review: reviewYear(asOf, settings) };
}
