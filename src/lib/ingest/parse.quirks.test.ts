/**
 * One fixture per quirk of real reports, each built here from a known report: the report is
 * laid out as the template prints it, the quirk is applied, the result is written in a format,
 * and the parser must read the known values back.
 */
import { describe, expect, it } from 'vitest';
import { parseBytes } from './parse.js';
import { layoutReport, type ReportContent } from '../generate/layout.js';
import { writeText } from '../generate/writers/text.js';
import { writeHtml } from '../generate/writers/html.js';
import { writeDocx } from '../generate/writers/docx.js';
import type { Cell, Document } from './document.js';
import { APPLICATION_ROW_KEYS, APPLICANT_COLUMNS, PROACTIVE_ITEMS, type TemplateId } from '../report/template.js';
import type { Report } from '../report/schema.js';

const enc = (s: string) => new TextEncoder().encode(s);

function content(template: TemplateId = '2021', year = template === '2021' ? 2023 : 2020): ReportContent {
	const applications: ReportContent['applications'] = Object.fromEntries(
		APPLICATION_ROW_KEYS.map((k) => [k, Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, 0]))])
	);
	const row = (k: string, v: number[]) => (applications[k] = Object.fromEntries(APPLICANT_COLUMNS.map((c, i) => [c, v[i]])));
	row('new_received', [1203, 1, 0, 0, 1, 0, 1205]);
	row('carried_over', [1, 0, 0, 0, 0, 0, 1]);
	row('granted', [1000, 1, 0, 0, 0, 0, 1001]);
	row('partially_granted', [200, 0, 0, 0, 0, 0, 200]);
	row('denied.third_party', [0, 0, 0, 0, 1, 0, 1]);
	row('total_processed', [1200, 1, 0, 0, 1, 0, 1202]);
	row('carried_forward', [4, 0, 0, 0, 0, 0, 4]);
	if (template === '2019') {
		for (const k of ['other.no_correction', 'other.unpaid_fee']) applications[k] = Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, null]));
	}
	const proactive: ReportContent['proactive'] = Object.fromEntries(
		PROACTIVE_ITEMS[template].map((i) => [i.key, Object.fromEntries(i.measures.map((m, n) => [m.key, n + 1]))])
	);
	return {
		agency: '示例市示例区人民政府',
		year,
		template,
		applications,
		reviews: {
			review: { upheld: 1, corrected: 1, other: 0, pending: 0, total: 2 },
			litigation_direct: { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 },
			litigation_after_review: { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 }
		},
		proactive,
		sections: {
			overview: `${year}年，示例区坚持以公开为常态。\n全年共受理申请1205件。`,
			problems: '公开质量有待提高。',
			other_matters: '无。'
		}
	};
}

/** Every cell of the three tables equals the content's. */
function expectSame(r: Report, c: ReportContent) {
	for (const k of APPLICATION_ROW_KEYS)
		for (const col of APPLICANT_COLUMNS) {
			expect(r.applications[k][col], `${k}.${col}`).toBe(c.applications[k][col]);
		}
	expect(r.reviews).toEqual(c.reviews);
	expect(r.proactive).toEqual(c.proactive);
	expect(r.agency).toBe(c.agency);
	expect(r.year).toBe(c.year);
	expect(r.template).toBe(c.template);
}

/** Applies a change to every cell whose text matches. */
function mapCells(doc: Document, f: (c: Cell) => Cell | Cell[]): Document {
	return {
		...doc,
		blocks: doc.blocks.map((b) => (b.kind === 'table' ? { kind: 'table', rows: b.rows.map((r) => r.flatMap(f)) } : b))
	};
}
function mapParagraphs(doc: Document, f: (t: string) => string): Document {
	return { ...doc, blocks: doc.blocks.map((b) => (b.kind === 'paragraph' ? { kind: 'paragraph', text: f(b.text) } : b)) };
}

describe('round trip in every format, official layout', () => {
	for (const template of ['2021', '2019'] as const) {
		const c = content(template);
		const doc = layoutReport(c);
		it(`${template} template as .txt (one cell a line)`, async () => {
			const r = await parseBytes(enc(writeText(doc)), 'a.txt');
			expectSame(r, c);
			expect(r.warnings).toEqual([]);
		});
		it(`${template} template as .txt (tab-separated rows)`, async () => {
			expectSame(await parseBytes(enc(writeText(doc, { tabSeparated: true })), 'a.txt'), c);
		});
		it(`${template} template as .html`, async () => {
			const r = await parseBytes(enc(writeHtml(doc)), 'a.html');
			expectSame(r, c);
			expect(r.warnings).toEqual([]);
		});
		it(`${template} template as .docx (runs split, gridSpan, vMerge)`, async () => {
			const r = await parseBytes(writeDocx(doc, { runs: 3 }), 'a.docx');
			expectSame(r, c);
			expect(r.warnings).toEqual([]);
		});
	}

	it('the 2019 template: （六）其他处理 is one row, and Table 2 has 政府集中采购', async () => {
		const c = content('2019');
		c.applications['other.other'].total = 3;
		c.applications['other.other'].natural_person = 3;
		const r = await parseBytes(enc(writeText(layoutReport(c))), 'a.txt');
		expect(r.applications['other.other'].total).toBe(3);
		expect(r.applications['other.no_correction'].total).toBeNull();
		expect(Object.keys(r.proactive)).toContain('procurement');
		expect(r.warnings).toEqual([]);
	});

	it('a hybrid: 2021 Table 2 with the 2019 single （六）其他处理 row', async () => {
		const c = content('2021');
		const doc = layoutReport(c);
		// Drop the three （六） sub-rows and put a single row in their place.
		const hybrid: Document = {
			...doc,
			blocks: doc.blocks.map((b) => {
				if (b.kind !== 'table' || !b.rows.some((r) => r.some((x) => x.text.includes('逾期不补正')))) return b;
				const rows = b.rows.filter((r) => !r.some((x) => /逾期不补正|收费通知|^3\.其他$/.test(x.text)));
				const at = rows.findIndex((r) => r.some((x) => x.text === '（七）总计'));
				rows.splice(at, 0, [{ text: '（六）其他处理', rowSpan: 1, colSpan: 2 }, ...APPLICANT_COLUMNS.map(() => ({ text: '0', rowSpan: 1, colSpan: 1 }))]);
				return { kind: 'table', rows };
			})
		};
		const r = await parseBytes(enc(writeText(hybrid)), 'a.txt');
		expect(r.template).toBe('2021');
		expect(r.applications['other.other'].total).toBe(0);
		expect(r.warnings.map((w) => w.code).sort()).toEqual(['row_missing', 'row_missing']);
	});
});

describe('labels as real reports write them', () => {
	it('section numbering 1、 / 3、 and the typo 行政法复议 in a heading', async () => {
		const c = content();
		let n = 0;
		const doc = mapParagraphs(layoutReport(c), (t) => (/^[一二三四五六]、/.test(t) ? `${++n}、 ${t.slice(2).replace('行政复议', '行政法复议')}` : t));
		const r = await parseBytes(enc(writeText(doc)), 'a.txt');
		expectSame(r, c);
		expect(r.sections.reviews).not.toBeNull();
		expect(r.sections.overview).toContain('示例区坚持以公开为常态');
		expect(r.warnings).toEqual([]);
	});

	it('the typos 其他法律行政止公开 and 其他法律和行政法规禁止公开', async () => {
		for (const typo of ['2.其他法律行政止公开', '2.其他法律和行政法规禁止公开']) {
			const c = content();
			c.applications['denied.law_prohibited'].total = 0;
			const doc = mapCells(layoutReport(c), (x) => (x.text === '2.其他法律行政法规禁止公开' ? { ...x, text: typo } : x));
			const r = await parseBytes(enc(writeText(doc)), 'a.txt');
			expect(r.warnings, typo).toEqual([]);
			expectSame(r, c);
		}
	});

	it('labels broken over lines (自\\n然\\n人, 商业\\n企业) and over cells', async () => {
		const c = content();
		const doc = mapCells(layoutReport(c), (x) => {
			if (x.text === '自然人') return { ...x, text: '自\n然\n人' };
			if (x.text === '商业企业') return { ...x, text: '商业\n企业' };
			if (x.text === '三、本年度办理结果') return { ...x, text: '三、\n本年度办理结果' };
			if (x.text === '4.保护第三方合法权益')
				return [
					{ ...x, text: '4.保护第三方' },
					{ ...x, text: '合法权益' }
				];
			return x;
		});
		for (const [bytes, name] of [
			[enc(writeText(doc)), 'a.txt'],
			[enc(writeHtml(doc)), 'a.html'],
			[writeDocx(doc), 'a.docx']
		] as const) {
			// The split label cell adds a cell before the values: the values still follow the last label.
			const r = await parseBytes(bytes, name);
			expectSame(r, c);
			expect(r.warnings, name).toEqual([]);
		}
	});

	it('a label split over several tags in one HTML cell (三、本 / 年度办 / 理结果), &nbsp; runs', async () => {
		const c = content();
		const html = writeHtml(layoutReport(c))
			.replace('<p>三、本年度办理结果</p>', '<p><span>三、本</span></p><p><span>年度办</span>&nbsp;&nbsp;&nbsp;</p><p>理结果</p>')
			.replace('<p>科研机构</p>', '<p>科研&nbsp; &nbsp;</p><p><span>机构</span>\n &nbsp; &nbsp;</p>');
		const r = await parseBytes(enc(html), 'a.html');
		expectSame(r, c);
		expect(r.warnings).toEqual([]);
	});
});

describe('values as real reports write them', () => {
	it('full-width digits, units, thousands separators, zero marks, blanks; raw text kept', async () => {
		const c = content();
		const doc = mapCells(layoutReport(c), (x) => {
			const t = { '1205': '1,205', '1203': '１２０３', '200': '200件', '1202': '1，202' }[x.text];
			return t ? { ...x, text: t } : x;
		});
		// Zero written as — - / 无 in Table 4; one blank cell.
		const marks = ['—', '-', '/', '无'];
		let k = 0;
		const withMarks = {
			...doc,
			blocks: doc.blocks.map((b) =>
				b.kind === 'table' && b.rows.length === 4
					? {
							kind: 'table' as const,
							rows: b.rows.map((r, i) => (i === 3 ? r.map((x, j) => (x.text === '0' ? { ...x, text: j === 14 ? '' : marks[k++ % 4] } : x)) : r))
						}
					: b
			)
		};
		const r = await parseBytes(enc(writeText(withMarks)), 'a.txt');
		expect(r.applications.new_received.total).toBe(1205);
		expect(r.raw.applications.new_received.total).toBe('1,205');
		expect(r.applications.new_received.natural_person).toBe(1203);
		expect(r.raw.applications.new_received.natural_person).toBe('１２０３');
		expect(r.applications.partially_granted.total).toBe(200);
		expect(r.applications.total_processed.total).toBe(1202);
		// Table 4's zeros, in order, were rewritten — - / 无 — - / 无 …, and its last cell blanked.
		expect(r.raw.reviews).toEqual({
			review: { upheld: '1', corrected: '1', other: '—', pending: '-', total: '2' },
			litigation_direct: { upheld: '/', corrected: '无', other: '—', pending: '1', total: '1' },
			litigation_after_review: { upheld: '-', corrected: '/', other: '无', pending: '—', total: '' }
		});
		expect(r.reviews).toEqual({
			review: { upheld: 1, corrected: 1, other: 0, pending: 0, total: 2 },
			litigation_direct: { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 },
			litigation_after_review: { upheld: 0, corrected: 0, other: 0, pending: 0, total: null }
		});
		expect(r.warnings).toEqual([]);
	});

	it('a cell that is not a number is null with a warning that names it', async () => {
		const c = content();
		const doc = mapCells(layoutReport(c), (x) => (x.text === '1205' ? { ...x, text: '约1205' } : x.text === '2' ? { ...x, text: '二件' } : x));
		const r = await parseBytes(enc(writeText(doc)), 'a.txt');
		expect(r.applications.new_received.total).toBeNull();
		expect(r.raw.applications.new_received.total).toBe('约1205');
		expect(r.reviews.review.total).toBeNull();
		expect(r.reviews.litigation_direct.total).toBe(1);
		expect(r.proactive.regulations.repealed).toBeNull();
		expect(r.warnings.map((w) => w.where).sort()).toEqual([
			'applications.new_received.total',
			'proactive.normative_documents.repealed',
			'proactive.regulations.repealed',
			'reviews.review.total'
		]);
		expect(r.warnings.every((w) => w.code === 'value_unreadable')).toBe(true);
	});

	it('a row with a cell missing cannot be aligned: nulls and a warning, not a guess', async () => {
		const c = content();
		const doc = mapCells(layoutReport(c), (x) => (x.text === '1205' ? [] : x));
		const r = await parseBytes(enc(writeText(doc)), 'a.txt');
		expect(APPLICANT_COLUMNS.map((k) => r.applications.new_received[k])).toEqual(APPLICANT_COLUMNS.map(() => null));
		expect(r.warnings.map((w) => w.code)).toEqual(['row_misaligned']);
		expect(r.applications.carried_over.total).toBe(1);
	});
});

describe('titles, agencies and years', () => {
	const cases: [string, string, number][] = [
		['2022年上海市政府信息公开工作年度报告', '上海市', 2022],
		['平潭综合实验区2024年度政府信息公开工作年度报告', '平潭综合实验区', 2024],
		['示例县交通运输局二〇二四年政府信息公开工作年度报告', '示例县交通运输局', 2024],
		['[bookmark: _GoBack]大安市叉干镇综合服务中心2024年政府信息公开工作年度报告', '大安市叉干镇综合服务中心', 2024],
		['关于示例市2023年政府信息公开工作年度报告', '示例市', 2023]
	];
	it.each(cases)('%s', async (title, agency, year) => {
		const doc = layoutReport(content());
		doc.blocks[0] = { kind: 'paragraph', text: title };
		const r = await parseBytes(enc(writeText(doc)), 'a.txt');
		expect([r.agency, r.year]).toEqual([agency, year]);
	});

	it('an HTML page: title from <title>, navigation around the article, scripts not read', async () => {
		const c = content();
		const doc = layoutReport(c);
		doc.blocks.shift();
		const page = writeHtml(doc, { title: '示例市示例区人民政府2023年政府信息公开工作年度报告_政府信息公开年报' })
			.replace(
				'<body>',
				'<body><nav><ul><li>首页</li><li>政务公开</li><li>2022年政府信息公开工作年度报告</li></ul></nav><script>document.write("一、总体情况")</script>'
			)
			.replace('</body>', '<footer><p>主办单位：示例区人民政府办公室</p></footer></body>');
		const r = await parseBytes(enc(page), 'a.html');
		expectSame(r, c);
		expect(r.title).toBe('示例市示例区人民政府2023年政府信息公开工作年度报告');
	});
});

describe('HTML encodings', () => {
	const gbk = (s: string) => {
		// Node's TextEncoder writes only UTF-8; build GB18030 bytes through the decoder's inverse.
		const table = new Map<string, number[]>();
		const dec = new TextDecoder('gb18030');
		for (let hi = 0x81; hi <= 0xfe; hi++)
			for (let lo = 0x40; lo <= 0xfe; lo++) {
				const ch = dec.decode(new Uint8Array([hi, lo]));
				if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [hi, lo]);
			}
		const out: number[] = [];
		for (const ch of s) {
			const code = ch.codePointAt(0)!;
			if (code < 0x80) out.push(code);
			else if (table.has(ch)) out.push(...table.get(ch)!);
			else throw new Error(`no GBK for ${ch}`);
		}
		return new Uint8Array(out);
	};

	it('GB2312 declared in a meta tag, and GBK with no declaration at all', async () => {
		const c = content();
		const doc = mapCells(layoutReport(c), (x) => ({ ...x, text: x.text.replace(/[“”]/g, '') }));
		const declared = gbk(writeHtml(doc, { charset: 'gb2312' }));
		const r1 = await parseBytes(declared, 'a.html');
		expectSame(r1, c);
		const undeclared = gbk(writeHtml(doc).replace('<meta charset="utf-8">', ''));
		expectSame(await parseBytes(undeclared, 'a.htm'), c);
	});
});

describe('incomplete reports', () => {
	it('a report without Table 4 parses, with a warning and nulls', async () => {
		const c = content();
		const doc = layoutReport(c);
		const t4 = doc.blocks.findIndex((b) => b.kind === 'table' && b.rows.some((r) => r.some((x) => x.text === '结果维持')));
		doc.blocks.splice(t4, 1);
		const r = await parseBytes(enc(writeText(doc)), 'a.txt');
		expect(r.warnings.map((w) => w.code)).toEqual(['table_missing']);
		expect(r.reviews.review.total).toBeNull();
		expect(r.applications.new_received.total).toBe(1205);
	});
});
