/**
 * Markdown and pipe tables: a markdown transcription of a real report (hongze-district-2024.pdf)
 * reads to the PDF's cells; the same table pasted into plain text reads the same; a label
 * broken off its numbers goes back only when the numbers' own sum confirms it; the cells a
 * merged cell covers (left empty by the transcriber) go back to it, while a blank value stays
 * a blank (null, never 0).
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parseBytes, parseFile } from '../parse.js';
import { joinHeaderFragments, mergedCells, pipeCells, reattachLabels } from './pipes.js';
import type { Report } from '../../report/schema.js';

const MD = path.resolve('src/lib/ingest/fixtures/hongze-district-2024.md');
const cellsOf = (r: Report) => ({
	agency: r.agency,
	year: r.year,
	template: r.template,
	applications: r.applications,
	reviews: r.reviews,
	proactive: r.proactive
});

describe('hongze-district-2024.md (a transcription of the real PDF)', () => {
	it('every Table 2, 3 and 4 cell as the PDF reads them, with the same warnings', async () => {
		const md = await parseFile(MD);
		const pdf = await parseFile(path.resolve('data/reports/real/hongze-district-2024.pdf'));
		expect(md.format).toBe('md');
		expect(cellsOf(md)).toEqual(cellsOf(pdf));
		expect(md.warnings.map((w) => w.where)).toEqual(pdf.warnings.map((w) => w.where));
		// The label （二）部分公开 stands on a row of its own, its numbers on the next.
		expect(md.applications.partially_granted.total).toBe(9);
		expect(md.sections.overview).toContain('2024 年，淮安市洪泽区人民政府坚持');
	});

	it('pasted into plain text, the pipe rows are read the same', async () => {
		const text = (await readFile(MD, 'utf8')).replace(/^#+\s*/gm, '');
		const r = await parseBytes(new TextEncoder().encode(text), 'hongze.txt');
		expect(r.format).toBe('txt');
		expect(cellsOf(r)).toEqual(cellsOf(await parseFile(MD)));
	});

	it('a blank cell in a value column stays blank (null), never 0', async () => {
		const text = (await readFile(MD, 'utf8')).replace('| 一、本年新收政府信息公开申请数量 | | | 95 | 0 |', '| 一、本年新收政府信息公开申请数量 | | | 95 | |');
		const r = await parseBytes(new TextEncoder().encode(text), 'hongze.md');
		expect(r.applications.new_received).toMatchObject({ natural_person: 95, commercial: null, research: 0, total: 95 });
	});
});

describe('other tables in text', () => {
	it('an HTML <table> inside markdown is read as a table, rowspans and all', async () => {
		const md = '# 报告\n\n正文一段。\n\n<table><tr><td rowspan="2">行政许可</td><td>9487</td></tr>\n<tr><td>1</td></tr></table>\n\n结尾。\n';
		const { readMarkdown } = await import('./markdown.js');
		const doc = readMarkdown(new TextEncoder().encode(md), 'a.md');
		expect(doc.blocks).toEqual([
			{ kind: 'paragraph', text: '报告' },
			{ kind: 'paragraph', text: '正文一段。' },
			{
				kind: 'table',
				rows: [
					[
						{ text: '行政许可', rowSpan: 2, colSpan: 1 },
						{ text: '9487', rowSpan: 1, colSpan: 1 }
					],
					[{ text: '1', rowSpan: 1, colSpan: 1 }]
				]
			},
			{ kind: 'paragraph', text: '结尾。' }
		]);
	});

	it('in .txt, a row with pipes only between cells is a row when two or more cells are numbers; prose with a pipe is not', async () => {
		const { readText } = await import('./text.js');
		const doc = readText(new TextEncoder().encode('一、本年新收政府信息公开申请数量 | 1259 | 36 | 0 | 0 | 0 | 0 | 1295\n说明 | 见附件 | 无\n'), 'a.txt');
		expect(doc.blocks).toEqual([
			{
				kind: 'table',
				rows: [['一、本年新收政府信息公开申请数量', '1259', '36', '0', '0', '0', '0', '1295'].map((text) => ({ text, rowSpan: 1, colSpan: 1 }))]
			},
			{ kind: 'paragraph', text: '说明 | 见附件 | 无' }
		]);
	});
});

describe('pipe rows', () => {
	it('cells between unescaped pipes; <br> is a line break; emphasis dropped', () => {
		expect(pipeCells('| 一、本年新收 | 1259 | **36** | a\\|b | 上<br>下 |')).toEqual(['一、本年新收', '1259', '36', 'a|b', '上\n下']);
		expect(pipeCells('没有竖线的一行')).toBeNull();
	});

	it('a detached label goes back onto its numbers only when their sum confirms', () => {
		const label = ['', '（二）部分公开', '', '', '', '', '', '', '', ''];
		const good = ['', '', '', '9', '0', '0', '0', '0', '0', '9'];
		const bad = ['', '', '', '9', '0', '0', '0', '0', '0', '8'];
		expect(reattachLabels([label, good])).toEqual([['', '（二）部分公开', '', '9', '0', '0', '0', '0', '0', '9']]);
		expect(reattachLabels([label, bad])).toEqual([label, bad]);
		// Rows of different widths: the labels before the numbers.
		expect(reattachLabels([['（七）总计'], ['5', '1', '6']])).toEqual([['（七）总计', '5', '1', '6']]);
	});

	it('header labels broken over two rows are joined; sub-labels under a merged cell are not', () => {
		const rows = [
			['', '自然人', '法人或其他组织', '', '总计'],
			['', '', '商业', '科研', ''],
			['', '', '企业', '机构', ''],
			['一、本年新收', '5', '1', '0', '6'],
			['说明', '', '', '', '']
		];
		expect(joinHeaderFragments(rows)).toEqual([
			['', '自然人', '法人或其他组织', '', '总计'],
			['', '', '商业企业', '科研机构', ''],
			['一、本年新收', '5', '1', '0', '6'],
			['说明', '', '', '', '']
		]);
	});

	it('the markdown fixture with its applicant header broken over rows reads the same, without a header warning', async () => {
		const text = (await readFile(MD, 'utf8')).replace(
			'| | | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |',
			'| | | | | 商业 | 科研 | 社会公益 | 法律服务 | 其他 | |\n| | | | | 企业 | 机构 | 组织 | 机构 | | |'
		);
		expect(text).toContain('| 企业 | 机构 |');
		const r = await parseBytes(new TextEncoder().encode(text), 'hongze.md');
		expect(cellsOf(r)).toEqual(cellsOf(await parseFile(MD)));
		expect(r.warnings.map((w) => w.code)).not.toContain('header_unrecognized');
	});

	it('merged cells put back: header labels over their columns, labels before their values', () => {
		const rows = [
			['行政复议', '', '行政诉讼', '', ''],
			['', '', '直接起诉', '复议后起诉', ''],
			['维持', '总计', '维持', '维持', '总计'],
			['1', '1', '2', '', '3']
		];
		const out = mergedCells(rows).map((r) => r.map((c) => `${c.continued ? '~' : ''}${c.text}${c.colSpan > 1 ? '^' + c.colSpan : ''}`));
		expect(out).toEqual([
			['行政复议^2', '行政诉讼^3'],
			['~^2', '直接起诉', '复议后起诉^2'],
			['维持', '总计', '维持', '维持', '总计'],
			['1', '1', '2', '', '3']
		]);
		const table3 = mergedCells([
			['一、本年新收', '', '5', '1', '6'],
			['三、本年度办理结果', '（一）予以公开', '5', '1', '6'],
			['', '（七）总计', '', '', '']
		]).map((r) => r.map((c) => `${c.continued ? '~' : ''}${c.text}${c.colSpan > 1 ? '^' + c.colSpan : ''}`));
		expect(table3).toEqual([
			['一、本年新收^2', '5', '1', '6'],
			['三、本年度办理结果', '（一）予以公开', '5', '1', '6'],
			['~', '（七）总计', '', '', '']
		]);
	});
});
