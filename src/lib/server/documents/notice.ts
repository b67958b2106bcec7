/**
 * 通报 (a region's year) and 整改通知 (one agency's year), in the form such offices issue them.
 * One model of each notice — title, addressee, numbered sections of paragraphs, tables, images,
 * the issuing office and date — built here from query results; the 生成通报 page previews the
 * model as HTML, and noticeDocx() writes it as Word with the `docx` library. Pure builders: data
 * in, a model (or bytes) out.
 */
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { RULE_IDS, ruleDef, type RuleId } from '../../checks/rules.js';
import type { Severity } from '../../checks/types.js';
import { QUALITY, QUALITY_DIMENSIONS } from '../../checks/quality.js';
import { SEVERITY_LABELS } from '../../findings.js';
import { cellLabel } from '../../report/template.js';
import { STATE_LABELS, type ReviewState } from '../../review.js';
import type { FindingRow } from '../queries/findings.js';

export type Block =
	| { kind: 'paragraph'; text: string }
	| { kind: 'heading'; text: string }
	| { kind: 'table'; header: string[]; rows: (string | number)[][] }
	| { kind: 'image'; title: string; png: Uint8Array; width: number; height: number };

export interface NoticeModel {
	title: string;
	addressee: string;
	blocks: Block[];
	issuer: string;
	date: string;
}

export interface RegionFigures {
	region: string;
	year: number;
	/** The roster's figures (queries/roster.ts): owed = received + missing; late ones are received. */
	owed: number;
	received: number;
	late: number;
	missing: { agency: string }[];
	/** Problems that stand (open and confirmed: dismissed and corrected ones are not notified), counted by rule, severity and state. */
	counts: { rule: RuleId; severity: Severity; state: ReviewState; n: number }[];
	/** Those listed one by one: all of them, or the first of many. */
	findings: FindingRow[];
	charts: { title: string; png: Uint8Array; width: number; height: number }[];
	/** Agencies ranked by the quality score of their report (best first), with its parts in QUALITY_DIMENSIONS order. */
	ranking: { agency: string; total: number; parts: number[] }[];
	deadline: string;
	issuer: string;
	date: string;
}

const place = (region: string) => region.split('/').pop() ?? region;

/** A finding as a notice cites it: 「rule」message (the cells); its state. */
function problemLine(f: FindingRow): string {
	const cells = f.cells.length ? `（涉及${f.cells.slice(0, 4).map(cellLabel).join('、')}${f.cells.length > 4 ? `等${f.cells.length}处` : ''}）` : '';
	return `【${ruleDef(f.rule).title}】${f.message}${cells}。核实状态：${STATE_LABELS[f.state]}。`;
}

function byAgency(findings: FindingRow[]): [string, FindingRow[]][] {
	const m = new Map<string, FindingRow[]>();
	for (const f of findings) m.set(f.agency, [...(m.get(f.agency) ?? []), f]);
	return [...m];
}

const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function regionNotice(d: RegionFigures): NoticeModel {
	const sum = (keep: (c: RegionFigures['counts'][number]) => boolean) => d.counts.reduce((n, c) => n + (keep(c) ? c.n : 0), 0);
	const total = sum(() => true);
	const confirmed = sum((c) => c.state === 'confirmed');
	const bySeverity = (['error', 'warning', 'info'] as const).map((s) => `${SEVERITY_LABELS[s]}${sum((c) => c.severity === s)}条`).join('、');
	// In the rules' order, so that rules of as many problems keep one order.
	const rules = new Map<string, { error: number; warning: number; info: number }>();
	for (const rule of RULE_IDS) {
		const n = { error: 0, warning: 0, info: 0 };
		for (const c of d.counts) if (c.rule === rule) n[c.severity] += c.n;
		if (n.error + n.warning + n.info) rules.set(rule, n);
	}
	const blocks: Block[] = [
		{
			kind: 'paragraph',
			text: `根据《中华人民共和国政府信息公开条例》和政府信息公开工作年度报告格式要求，我办对${place(d.region)}各单位${d.year}年度政府信息公开工作年度报告进行了审查。现将有关情况通报如下。`
		},
		{ kind: 'heading', text: '一、总体情况' },
		{
			kind: 'paragraph',
			text: `应报送年度报告${d.owed}家，已收到${d.received}份${d.late ? `（其中逾期发布${d.late}份）` : ''}，缺报${d.missing.length}家${d.missing.length ? `：${d.missing.map((m) => m.agency).join('、')}` : ''}。经审查，共发现问题${total}条（${bySeverity}），其中经核实属实${confirmed}条，待核实${total - confirmed}条。`
		},
		{ kind: 'heading', text: '二、发现的主要问题' },
		{
			kind: 'table',
			header: ['问题类型', '错误', '警告', '提示', '合计'],
			rows: [...rules]
				.sort((a, b) => b[1].error + b[1].warning - (a[1].error + a[1].warning))
				.map(([rule, n]) => [ruleDef(rule).title, n.error, n.warning, n.info, n.error + n.warning + n.info])
		},
		...d.charts.map((c): Block => ({ kind: 'image', ...c })),
		{ kind: 'heading', text: '三、各单位年报质量评分' },
		{
			kind: 'table',
			header: ['排名', '单位', '质量评分', ...QUALITY_DIMENSIONS.map((k) => `${QUALITY[k].label}（${QUALITY[k].weight}）`)],
			rows: d.ranking.map((r, i) => [i + 1, r.agency, r.total, ...r.parts])
		},
		{ kind: 'heading', text: '四、各单位存在的问题' }
	];
	byAgency(d.findings).forEach(([agency, fs], i) => {
		blocks.push({ kind: 'paragraph', text: `（${CN_NUMBERS[i] ?? i + 1}）${agency}（${fs.length}条）` });
		fs.forEach((f, k) => blocks.push({ kind: 'paragraph', text: `${k + 1}. ${problemLine(f)}` }));
	});
	if (total > d.findings.length)
		blocks.push({ kind: 'paragraph', text: `以上逐条列出问题${d.findings.length}条，另有${total - d.findings.length}条未逐条列出，详见问题清单。` });
	blocks.push(
		{ kind: 'heading', text: '五、整改要求' },
		{
			kind: 'paragraph',
			text: `请各单位对照本通报逐条核查，对属实的问题认真整改，更正年度报告并重新公开；对缺报的，立即补报。请于${d.deadline}前将整改情况（含更正后的年度报告）报送我办。`
		}
	);
	return {
		title: `关于${place(d.region)}${d.year}年度政府信息公开工作年度报告审查情况的通报`,
		addressee: '各有关单位：',
		blocks,
		issuer: d.issuer,
		date: d.date
	};
}

export function agencyNotice(d: { agency: string; year: number; findings: FindingRow[]; deadline: string; issuer: string; date: string }): NoticeModel {
	const blocks: Block[] = [
		{ kind: 'paragraph', text: `经审查，你单位${d.year}年度政府信息公开工作年度报告存在以下问题：` },
		...d.findings.map((f, k): Block => ({ kind: 'paragraph', text: `${k + 1}. ${problemLine(f)}` })),
		{ kind: 'heading', text: '整改要求' },
		{
			kind: 'paragraph',
			text: `请对上述问题逐条核查整改，更正年度报告并重新公开，于${d.deadline}前将整改情况及更正后的年度报告报送我办。对问题有异议的，请在同一期限内书面说明理由。`
		}
	];
	if (!d.findings.length) blocks.splice(0, 1, { kind: 'paragraph', text: `经审查，你单位${d.year}年度政府信息公开工作年度报告未发现需要整改的问题。` });
	return { title: `关于${d.agency}${d.year}年度政府信息公开工作年度报告问题的整改通知`, addressee: `${d.agency}：`, blocks, issuer: d.issuer, date: d.date };
}

/** 催报通知: a report owed and not sent, past its deadline. */
export function missingNotice(d: { agency: string; year: number; due: string; deadline: string; issuer: string; date: string }): NoticeModel {
	return {
		title: `关于报送${d.agency}${d.year}年度政府信息公开工作年度报告的催报通知`,
		addressee: `${d.agency}：`,
		blocks: [
			{
				kind: 'paragraph',
				text: `根据《中华人民共和国政府信息公开条例》第四十九条，你单位应于${d.due}前向社会公布${d.year}年度政府信息公开工作年度报告。截至${d.date}，我办未收到你单位该年度报告，也未在你单位政府信息公开专栏查到。`
			},
			{ kind: 'heading', text: '有关要求' },
			{
				kind: 'paragraph',
				text: `请你单位按照年度报告格式要求，立即编制并公开${d.year}年度政府信息公开工作年度报告，于${d.deadline}前将报告（含公开网址）报送我办。已公开的，请于同一期限内报送公开网址及发布日期。`
			}
		],
		issuer: d.issuer,
		date: d.date
	};
}

const FONT = { ascii: 'Times New Roman', eastAsia: '仿宋' };
const run = (text: string, o: { bold?: boolean; size?: number; font?: string } = {}) =>
	new TextRun({ text, bold: o.bold, size: o.size ?? 32, font: o.font ? { ascii: o.font, eastAsia: o.font } : FONT });

/** The model as a Word document (A4, 三号仿宋 body, 小标宋 title), built with `docx`, not by hand. */
export async function noticeDocx(m: NoticeModel): Promise<Uint8Array> {
	const children: (Paragraph | Table)[] = [
		new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400 }, children: [run(m.title, { bold: true, size: 44, font: '方正小标宋简体' })] }),
		new Paragraph({ children: [run(m.addressee)] })
	];
	for (const b of m.blocks) {
		if (b.kind === 'paragraph') children.push(new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [run(b.text)] }));
		else if (b.kind === 'heading')
			children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, indent: { firstLine: 640 }, children: [run(b.text, { bold: true, font: '黑体' })] }));
		else if (b.kind === 'table') {
			const cell = (v: string | number, bold = false) => new TableCell({ children: [new Paragraph({ children: [run(String(v), { bold, size: 24 })] })] });
			children.push(
				new Table({
					width: { size: 100, type: WidthType.PERCENTAGE },
					rows: [
						new TableRow({ tableHeader: true, children: b.header.map((h) => cell(h, true)) }),
						...b.rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))
					]
				})
			);
		} else {
			const width = 560;
			children.push(
				new Paragraph({
					alignment: AlignmentType.CENTER,
					children: [
						new ImageRun({
							type: 'png',
							data: b.png,
							transformation: { width, height: Math.round((width * b.height) / b.width) },
							altText: { name: b.title, title: b.title, description: b.title }
						})
					]
				}),
				new Paragraph({ alignment: AlignmentType.CENTER, children: [run(b.title, { size: 24 })] })
			);
		}
	}
	children.push(
		new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 600 }, children: [run(m.issuer)] }),
		new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(m.date)] })
	);
	const doc = new Document({
		creator: 'nianbao',
		title: m.title,
		sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}
