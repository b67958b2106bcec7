/** China's wall clock (UTC+8 all year: no daylight saving), the one every date and time is counted and shown in. */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** A moment as China's wall clock: 'YYYY-MM-DDTHH:MM:SS' (its first 10 characters, the day). */
export const chinaClock = (d: Date): string => new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19);
