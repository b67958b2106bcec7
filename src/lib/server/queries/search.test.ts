/**
 * /search's queries on the real reports (and the hostile fixture): agencies by name, alias and
 * pinyin; passages of the reports' text.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ingest } from '../../build/ingest.js';
import { z } from 'zod';
import { host, query } from '../db.js';
import { TEXT_PAGE, indexFilter, textSize, searchAgencies, searchText, searchesText, spellingsOf, textTerm, textYears } from './search.js';
import { SECTION_KEYS } from '../../report/template.js';

let dir: string;

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'nianbao-search-'));
	process.env.NIANBAO_DB = path.join(dir, 's.duckdb');
	process.env.NIANBAO_WORKBENCH = path.join(dir, 'wb.duckdb');
	await ingest({ paths: ['data/reports/real', 'tests/fixtures/reports'], db: process.env.NIANBAO_DB });
}, 60_000);
afterAll(async () => {
	delete process.env.NIANBAO_DB;
	delete process.env.NIANBAO_WORKBENCH;
	await rm(dir, { recursive: true, force: true });
});

const names = async (q: string) => (await searchAgencies(q)).map((h) => `${h.name}:${h.by}`);

describe('agencies by name and by pinyin', () => {
	it('full pinyin, initials, spaces and case aside', async () => {
		expect(await names('huaian')).toEqual(['淮安市人民政府:pinyin', '淮安市洪泽区人民政府:pinyin']);
		expect(await names('hzq')).toEqual(['淮安市洪泽区人民政府:initials']);
		expect(await names('Hong Ze')).toEqual(['淮安市洪泽区人民政府:pinyin']);
		expect((await names('gaj'))[0]).toBe('平潭综合实验区公安局:initials');
	});

	it('a Chinese query matches the name first, then an alias', async () => {
		expect(await names('淮安')).toEqual(['淮安市人民政府:name', '淮安市洪泽区人民政府:name']);
		expect(await names('叉干镇人民政府')).toEqual(['吉林省白城市大安市叉干镇综合服务中心:alias']);
	});

	it('a hostile query is only data', async () => {
		expect(await searchAgencies("' OR 1=1 --")).toEqual([]);
		expect(await searchAgencies('  ')).toEqual([]);
	});
});

describe('the reports’ text', () => {
	it('finds every section containing the words, real reports first, the latest year first, each with the passage around the match', async () => {
		const r = await searchText('行政复议');
		expect(r.total).toBeGreaterThan(5);
		expect(r.reports).toBeLessThanOrEqual(r.total);
		expect(r.hits.length).toBe(Math.min(TEXT_PAGE, r.total));
		for (const h of r.hits) expect(h.window).toContain('行政复议');
		const years = r.hits.map((h) => h.year);
		expect(years).toEqual([...years].sort((a, b) => b - a));
		expect(new Set(years).size).toBeGreaterThan(2);
	});

	it('searches one year, or every year: the years’ hits add up to all of them', async () => {
		const years = await textYears();
		expect(years.length).toBeGreaterThan(2);
		expect(years).toEqual([...years].sort((a, b) => a - b));
		const all = await searchText('依申请');
		let sum = 0;
		for (const y of years) {
			const one = await searchText('依申请', 1, y);
			for (const h of one.hits) expect(h.year).toBe(y);
			sum += one.total;
		}
		expect(sum).toBe(all.total);
		expect((await searchText('依申请', 1, years[0] - 1)).total).toBe(0);
	});

	it('finds what reading every row finds, narrowed by the index or not: terms cut from the reports’ own text, every hit in order', async () => {
		const Row = z.object({
			year: z.number().int(),
			report_id: z.number(),
			section: z.string(),
			generated: z.boolean(),
			name_order: z.string(),
			text: z.string()
		});
		const rows = await query(
			Row,
			`SELECT t.year, t.report_id, t.section, t.generated, r.name_order, t.text FROM scope_text t JOIN report_list r ON r.id = t.report_id ORDER BY t.rowid`
		);
		const terms = new Set<string>(['行政复议', '依申请公开', 'APP', '政府信息公开工作年度报告', '公开公安']);
		for (let i = 0; i < 60; i++) {
			const chars = [...rows[(i * 7919) % rows.length].text];
			const length = 2 + (i % 9);
			const at = (i * 104_729) % Math.max(1, chars.length - length);
			terms.add(chars.slice(at, at + length).join(''));
		}
		// The order of hits: real reports first, the latest year, the agency in Chinese order.
		const inOrder = (a: z.infer<typeof Row>, b: z.infer<typeof Row>) =>
			Number(a.generated) - Number(b.generated) ||
			b.year - a.year ||
			(a.name_order < b.name_order ? -1 : a.name_order > b.name_order ? 1 : 0) ||
			a.report_id - b.report_id ||
			SECTION_KEYS.indexOf(a.section as never) - SECTION_KEYS.indexOf(b.section as never);
		let narrowed = 0;
		let masked = 0;
		const { rows: textRows } = await textSize();
		let walked = 0;
		for (const q of terms) {
			if (!searchesText(q)) continue;
			const spellings = spellingsOf(textTerm(q));
			const holding = rows.filter((r) => spellings.some((s) => r.text.includes(s))).sort(inOrder);
			const first = await searchText(q);
			expect([first.total, first.reports], q).toEqual([holding.length, new Set(holding.map((r) => r.report_id)).size]);
			if (holding.length <= 5 * TEXT_PAGE) {
				// Every page, one after another, is every hit in order.
				const seen = [];
				for (let page = 1; page <= Math.ceil(holding.length / TEXT_PAGE); page++) seen.push(...(await searchText(q, page)).hits);
				expect(
					seen.map((h) => `${h.report_id}:${h.section}`),
					q
				).toEqual(holding.map((r) => `${r.report_id}:${r.section}`));
				walked++;
			}
			const year = rows[0].year;
			expect((await searchText(q, 1, year)).total, `${q} in ${year}`).toBe(holding.filter((r) => r.year === year).length);
			const index = await indexFilter(spellings, textRows);
			if (index !== 'nowhere' && index.rows.length) narrowed++;
			if (index !== 'nowhere' && index.bits.length) masked++;
		}
		// Most terms cut from the text have a bigram rare enough to narrow by, many a common one.
		expect(narrowed).toBeGreaterThan(terms.size / 2);
		expect(narrowed).toBeLessThan(terms.size);
		expect(masked).toBeGreaterThan(terms.size / 4);
		expect(walked).toBeGreaterThan(terms.size / 2);
	});

	it('a bigram no row holds answers at once; the index’s lookups and the search read the same data', async () => {
		expect(await indexFilter(spellingsOf('没有这样的词语'), (await textSize()).rows)).toBe('nowhere');
		const once = await searchText('依申请');
		// An ingest swaps a new file in while the search runs: it is made again, on one file.
		const h = await host();
		const generations = ['old', 'new', 'new', 'new'];
		const spy = vi.spyOn(h, 'generation').mockImplementation(() => generations.shift() ?? 'new');
		try {
			expect(await searchText('依申请')).toEqual(once);
			expect(generations).toEqual([]);
		} finally {
			spy.mockRestore();
		}
	});

	it('pages through the hits', async () => {
		const all = await searchText('依申请');
		expect(all.total).toBeGreaterThan(TEXT_PAGE);
		const second = await searchText('依申请', 2);
		expect(second.total).toBe(all.total);
		const key = (h: { report_id: number; section: string }) => `${h.report_id}:${h.section}`;
		expect(second.hits.map(key).filter((k) => all.hits.map(key).includes(k))).toEqual([]);
	});

	it('latin letters in any case; a passage is cut at the window around the match', async () => {
		const r = await searchText('h5');
		expect(r.hits.length).toBeGreaterThan(0);
		expect(r.hits[0].window).toContain('H5');
		expect(r.hits[0].window.length).toBeLessThanOrEqual(80 * 2 + 2);
	});

	it('a report’s hostile text comes back as the text it is', async () => {
		const r = await searchText('正文里写着');
		expect(r.hits.map((h) => h.agency)).toEqual(['测试县恶意脚本镇人民政府']);
		expect(r.hits[0].window).toContain('<script>alert(1)</script>');
		// The text's own spaces are kept in the query (a run of them is one).
		expect((await searchText('<img  src=x onerror=alert(2)>')).hits.map((h) => h.agency)).toEqual(['测试县恶意脚本镇人民政府']);
	});

	it('pinyin and one character do not search the text; nothing found is nothing', async () => {
		expect(searchesText('huaian')).toBe(false);
		expect(searchesText('公')).toBe(false);
		expect(await searchText('huaian')).toEqual({ hits: [], total: 0, reports: 0 });
		expect(await searchText('没有这样的词语')).toEqual({ hits: [], total: 0, reports: 0 });
		expect(await searchText("') OR 1=1 --")).toEqual({ hits: [], total: 0, reports: 0 });
	});
});
