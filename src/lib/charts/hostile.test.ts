/**
 * Names from reports are hostile input: every chart (its SVG, its tooltips) and every export
 * (CSV, XLSX) escapes them for its sink, and no spreadsheet cell starts a formula.
 */
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { heatmap, outcomeShares, rankingBar, rulesBar, trendLines, volumeScatter, exportOption, type Built } from './options.js';
import { csvOf } from './export.js';
import { writeXlsx } from '../export/xlsx.js';
import { renderSvg } from '../server/charts/render.js';
import { metricDef } from '../report/metrics.js';
import { escapeHtml, spreadsheetText } from '../escape.js';

export const HOSTILE_NAMES = [
	'<img src=x onerror=alert(1)>',
	'=HYPERLINK("http://e.x","y")',
	"=cmd|'/C calc'!A0",
	'+1+cmd|x!A0',
	'-2+3+cmd|x!A0',
	'@SUM(1+1)*cmd|x!A0',
	'\t=1+1',
	'\r=1+1',
	'"><svg onload=alert(1)>',
	'</text><script>alert(1)</script>'
];

const rate = metricDef('disclosure_rate');
const count = metricDef('new_received');
const groups = { granted: 1, partially_granted: 1, denied: 1, unavailable: 1, not_processed: 1, other: 1 };
const rows = HOSTILE_NAMES.map((name, i) => ({ agency_id: i + 1, name }));

/** Every builder fed with the hostile names wherever a name goes. */
const charts: Record<string, Built> = {
	ranking: rankingBar(
		rows.map((r) => ({ ...r, value: 0.5, denominator: 3 })),
		rate,
		{ median: 0.5, total: 99 }
	),
	rankingCount: rankingBar(
		rows.map((r) => ({ ...r, value: 5, denominator: null })),
		count
	),
	shares: outcomeShares(rows.map((r) => ({ ...r, groups }))),
	heatmap: heatmap(
		rows.map((r) => ({ ...r, year: 2024, value: 0.4 })),
		rate
	),
	scatter: volumeScatter(rows.map((r) => ({ ...r, received: 10, rate: 0.5, base: 10 }))),
	rules: rulesBar(HOSTILE_NAMES.map((title, i) => ({ rule: `r${i}`, title, errors: 1, warnings: 0, infos: 0 }))),
	trend: trendLines([{ year: 2024, new_received: 3 }], [count])
};

/** CSV cells, RFC 4180. */
function parseCsv(text: string): string[][] {
	const out: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	const s = text.replace(/^\ufeff/, '');
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (quoted) {
			if (c === '"' && s[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && s[i + 1] === '\n') {
			row.push(cell);
			out.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	return out;
}

const FORMULA_START = /^[=+\-@\t\r]/;

describe('hostile names in charts and exports', () => {
	it.each(Object.keys(charts))('%s: the server-rendered SVG holds names only as escaped text', (k) => {
		const svg = renderSvg(exportOption(charts[k].option, { title: HOSTILE_NAMES[0], subtitle: HOSTILE_NAMES[8], source: '来源' }), 900, 600);
		expect(svg).not.toMatch(/<img|<script|<svg[^>]*onload/i);
		expect(svg.match(/<svg/g)?.length).toBe(1);
	});

	it.each(Object.keys(charts))('%s: every tooltip formatter escapes the name', (k) => {
		const tip = (charts[k].option as { tooltip?: { formatter?: unknown } }).tooltip;
		if (typeof tip?.formatter !== 'function') return; // ECharts' own tooltip encodes names itself
		for (const name of HOSTILE_NAMES) {
			const html = (tip.formatter as (p: unknown) => string)({ name, data: { name, value: [1, 50, name] }, value: [1, 50] });
			expect(html).toContain(escapeHtml(name));
			expect(html).not.toMatch(/<img|<script|<svg/i);
		}
	});

	it.each(Object.keys(charts))('%s: no CSV cell starts a formula', (k) => {
		const cells = parseCsv(csvOf(charts[k].table)).flat();
		for (const c of cells) expect(c, c).not.toMatch(FORMULA_START);
		// The names are all there, neutralized, not dropped.
		if (k !== 'trend') for (const n of HOSTILE_NAMES) expect(cells).toContain(spreadsheetText(n));
	});

	it('no XLSX cell starts a formula, and markup stays text', () => {
		const bytes = writeXlsx([{ name: HOSTILE_NAMES[0], rows: [HOSTILE_NAMES, [-3, 5, null]] }]);
		const files = unzipSync(bytes);
		const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
		const texts = [...sheet.matchAll(/<t xml:space="preserve">([^<]*)<\/t>/g)].map((m) => m[1]);
		expect(texts).toHaveLength(HOSTILE_NAMES.length);
		for (const t of texts) expect(t).not.toMatch(FORMULA_START);
		expect(sheet).not.toMatch(/<img|<script|<svg/);
		expect(sheet).toContain('<v>-3</v>'); // numbers stay numbers
		expect(strFromU8(files['xl/workbook.xml'])).not.toContain('<img');
	});

	it('leaves plain numbers written as text alone', () => {
		for (const s of ['-12', '+3', '-12.5%', '1,259']) expect(spreadsheetText(s)).toBe(s);
		expect(spreadsheetText('-')).toBe("'-");
	});
});
