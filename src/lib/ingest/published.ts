/**
 * When a report was published, where the file says so: a page's 发布时间 / 发布日期 (an archive's
 * header, the article's own line, or a meta tag), a Word file's creation date, or a date line
 * at the report's end (落款 2025年1月20日). Readers find what their format carries; recognition
 * falls back on the date line. Only a whole date is taken (year, month and day), never a guess.
 */
import type { Published } from './document.js';

const ISO = /(20\d{2})[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?/;

/** A date in any of the spellings above as YYYY-MM-DD, or null when it is not a whole, real date. */
export function isoDate(text: string): string | null {
	const m = ISO.exec(text);
	if (!m) return null;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
	return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A `发布时间：2024-03-08 15:34` line (a page's, or an archive header's). */
export function publishedLine(line: string, source: string): Published | null {
	const m = /^\s*(?:发布时间|发布日期|成文日期|发文日期)\s*[:：]\s*(.+)$/.exec(line);
	const date = m ? isoDate(m[1]) : null;
	return date ? { date, source } : null;
}

/** The 落款 date standing alone on one of the last lines of the text. */
export function closingDate(paragraphs: string[]): Published | null {
	for (const p of paragraphs.slice(-6).reverse()) {
		const t = p.replace(/\s+/g, '');
		if (/^20\d{2}年\d{1,2}月\d{1,2}日$/.test(t)) {
			const date = isoDate(t);
			if (date) return { date, source: '报告末尾落款日期' };
		}
	}
	return null;
}
