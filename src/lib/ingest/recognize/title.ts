/**
 * The agency and the year, from the report's title (both word orders, years in Arabic or
 * Chinese numerals), or failing a title from the body's own words.
 */
import { toHalfWidth } from '../values.js';
import type { Item } from './rows.js';

export interface Identity {
	title: string | null;
	agency: string | null;
	year: number | null;
	/** How they were found, when not from a title. */
	inferred?: string;
}

const CN_DIGITS: Record<string, string> = {
	〇: '0',
	零: '0',
	'○': '0',
	Ｏ: '0',
	O: '0',
	一: '1',
	二: '2',
	三: '3',
	四: '4',
	五: '5',
	六: '6',
	七: '7',
	八: '8',
	九: '9'
};
const YEAR = '(\\d{4}|[〇零○Ｏ一二三四五六七八九]{4})';
const TITLE = new RegExp(`^(.*?)${YEAR}\\s*年度?(.*?)政府信息公开(?:工作)?(?:年度)?(?:报告|年报)`);
const MENTIONS_DISCLOSURE = /公\s*开/;
const AGENCY_TAIL = /[\u3007\u4e00-\u9fff（）()·]+$/;

export function yearOf(s: string): number | null {
	const digits = [...s].map((c) => CN_DIGITS[c] ?? c).join('');
	const y = Number(digits);
	return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : null;
}

function cleanAgency(s: string): string | null {
	const t = s
		.replace(/^关于/, '')
		.replace(/[（(]\s*$/, '')
		.trim();
	return t.length >= 2 ? t : null;
}

export function parseTitle(line: string): Identity | null {
	if (!MENTIONS_DISCLOSURE.test(line)) return null; // most lines: the pattern below is costly to fail
	const text = toHalfWidth(line).replace(/\s+/g, '');
	const m = TITLE.exec(text);
	if (!m) return null;
	const year = yearOf(m[2]);
	if (year === null) return null;
	const before = AGENCY_TAIL.exec(m[1])?.[0] ?? '';
	const agency = cleanAgency(before) ?? cleanAgency(m[3].replace(/[^\u3007\u4e00-\u9fff（）()·]/g, ''));
	const start = m.index + m[1].length - before.length;
	const title = text.slice(start, m.index + m[0].length);
	return { title, agency, year };
}

/** Verbs that follow the agency's name in the first sentence of 总体情况. */
const OPENING = /^(\d{4})年(?:以来|度)?[，,](.{2,30}?)(?:坚持|深入|认真|全面|始终|紧紧|紧扣|围绕|持续|按照|在|以|进一步|高度|切实|积极|聚焦|严格|不断)/;

export function findIdentity(items: Item[], containerTitle?: string): Identity {
	const candidates: string[] = [];
	if (containerTitle) candidates.push(containerTitle);
	for (const it of items.slice(0, 30)) if (it.kind === 'paragraph') candidates.push(it.text);
	for (let i = 0; i < candidates.length; i++) {
		const line = candidates[i];
		const id = parseTitle(line.slice(0, 200));
		if (id?.agency) return id;
		// A title broken over lines: the agency above and the year and words below, or the year
		// and agency above and the words (工作年度报告) below. Only short lines are joined.
		const prev = i > 0 && candidates[i - 1].length <= 40 ? candidates[i - 1] : null;
		const next = i + 1 < candidates.length && candidates[i + 1].length <= 40 ? candidates[i + 1] : null;
		const joins: string[] = [];
		if (id && prev) joins.push(prev + line.slice(0, 200));
		if (!id && line.length <= 60 && next && MENTIONS_DISCLOSURE.test(line)) {
			joins.push(line + next);
			if (prev) joins.push(prev + line + next);
		}
		for (const j of joins) {
			const joined = parseTitle(j);
			if (joined?.agency) return joined;
		}
		if (id) return id;
	}
	// No title: the period of the statistics and the opening sentence name year and agency.
	let year: number | null = null;
	let agency: string | null = null;
	for (const it of items) {
		if (it.kind !== 'paragraph') continue;
		const text = toHalfWidth(it.text);
		year ??= yearOf(/统计期限为(\d{4})年/.exec(text)?.[1] ?? '');
		const m = OPENING.exec(text);
		if (m) {
			agency ??= m[2];
			year ??= yearOf(m[1]);
		}
		if (year && agency) break;
	}
	return { title: null, agency, year, inferred: 'body' };
}
