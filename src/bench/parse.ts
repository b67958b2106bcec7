/**
 * Parse cost per report for each format, on one core (the process is single-threaded, so
 * reports/s here is reports per second per core). Inputs: the real reports, and generated
 * reports of the official layout written in each format, so that every format is measured
 * on the same content.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseBytes } from '../lib/ingest/parse.js';
import { layoutReport, type ReportContent } from '../lib/generate/layout.js';
import { writeText } from '../lib/generate/writers/text.js';
import { writeHtml } from '../lib/generate/writers/html.js';
import { writeDocx } from '../lib/generate/writers/docx.js';
import { APPLICANT_COLUMNS, APPLICATION_ROW_KEYS, PROACTIVE_ITEMS } from '../lib/report/template.js';
import { row, time } from './measure.js';

function sample(i: number): ReportContent {
	const v = (k: number) => (i * 7 + k * 13) % 50;
	return {
		agency: `示例市第${i}街道办事处`,
		year: 2021 + (i % 4),
		template: '2021',
		applications: Object.fromEntries(APPLICATION_ROW_KEYS.map((r, k) => [r, Object.fromEntries(APPLICANT_COLUMNS.map((c, j) => [c, v(k + j)]))])),
		reviews: Object.fromEntries(
			['review', 'litigation_direct', 'litigation_after_review'].map((g, k) => [g, { upheld: v(k), corrected: 0, other: 1, pending: 0, total: v(k) + 1 }])
		),
		proactive: Object.fromEntries(PROACTIVE_ITEMS['2021'].map((it) => [it.key, Object.fromEntries(it.measures.map((m, k) => [m.key, v(k)]))])),
		sections: {
			overview: '本街道坚持以习近平新时代中国特色社会主义思想为指导，深入推进政务公开工作。\n'.repeat(20),
			problems: '一是公开深度不够；二是解读形式单一。\n'.repeat(5),
			other_matters: '无。'
		}
	};
}

/**
 * pdf.js 5.5.207 (legacy build, getTextContent) on the same three PDFs through the same layout,
 * this bench's settings, on this machine (2 cores, Node 20.20), 2026-11-30: 142–162 ms/report
 * (6–7 reports/s), peak RSS 580–730 MB against PDFium's 175 MB. pdf.js is no longer a
 * dependency (PDFium read every character it read, and the vertical labels it dropped), so the
 * figure is kept here for the ratio.
 */
const PDFJS_MS_PER_REPORT = 150;

export async function benchParse(): Promise<string[]> {
	const enc = new TextEncoder();
	const docs = Array.from({ length: 50 }, (_, i) => layoutReport(sample(i)));
	const txt = docs.map((d) => enc.encode(writeText(d)));
	const html = docs.map((d) => enc.encode(writeHtml(d)));
	const docx = docs.map((d) => writeDocx(d, { runs: 2 }));
	const real = async (f: string) => new Uint8Array(await readFile(path.resolve('data/reports/real', f)));
	const realTxt = await real('dagan-chagan-2024.txt');
	const realHtml = await real('pingtan-2024.html');
	const realDocx = new Uint8Array(await readFile(path.resolve('src/lib/ingest/fixtures/dagan-chagan-2024.docx')));

	const out = ['Parse cost per report (one core):'];
	out.push(row('generated .txt (one cell a line)', await time(txt, (b) => parseBytes(b, 'a.txt'), 10), { perSecond: 500 }));
	out.push(row('generated .html', await time(html, (b) => parseBytes(b, 'a.html'), 10), { perSecond: 500 }));
	out.push(row('generated .docx', await time(docx, (b) => parseBytes(b, 'a.docx'), 10), { perSecond: 100 }));
	out.push(row('real dagan-chagan-2024.txt', await time([realTxt], (b) => parseBytes(b, 'a.txt'), 1000), { perSecond: 500 }));
	out.push(row('real pingtan-2024.html (64 KB)', await time([realHtml], (b) => parseBytes(b, 'a.html'), 1000), { perSecond: 500 }));
	out.push(row('reconstructed dagan-chagan-2024.docx', await time([realDocx], (b) => parseBytes(b, 'a.docx'), 300), { perSecond: 100 }));
	const fixtureDoc = new Uint8Array(await readFile(path.resolve('src/lib/ingest/fixtures/pingtan-2024.doc')));
	out.push(row('pingtan-2024.html as .doc (LibreOffice)', await time([fixtureDoc], (b) => parseBytes(b, 'a.doc'), 300), { perSecond: 100 }));

	const md = new Uint8Array(await readFile(path.resolve('src/lib/ingest/fixtures/hongze-district-2024.md')));
	out.push(row('hongze-district-2024 transcribed as .md', await time([md], (b) => parseBytes(b, 'a.md'), 300), { perSecond: 500 }));

	const pdfs = await Promise.all(['huaian-city-2024.pdf', 'hongze-district-2023.pdf', 'hongze-district-2024.pdf'].map(real));
	const pdf = await time(pdfs, (b) => parseBytes(b, 'a.pdf'), 10, 3);
	out.push(row('real PDFs, PDFium (3 files, 5-6 pages)', pdf, { perSecond: 20 }));
	out.push(
		`${'  against pdf.js 5.5.207'.padEnd(44)} ${PDFJS_MS_PER_REPORT.toFixed(3).padStart(8)} ms/report  ${(1000 / PDFJS_MS_PER_REPORT).toFixed(0).padStart(6)} reports/s  ` +
			`(measured once here before pdf.js was removed; PDFium ${(PDFJS_MS_PER_REPORT / pdf.perItemMs).toFixed(1)}× as fast)`
	);

	const flat = await Promise.all(
		(await readdir(path.resolve('data/reports/real')))
			.filter((f) => /^pingtan-.*\.txt$/.test(f))
			.sort()
			.map(real)
	);
	out.push(row(`real flattened page text (${flat.length} files)`, await time(flat, (b) => parseBytes(b, 'a.txt'), 20), { p99Ms: 50 }));
	return out;
}
