/**
 * Scanned PDFs (tests/fixtures/scans, made from the real PDFs): the share of Table 3 and Table 4
 * cells whose OCR reading the table's arithmetic confirmed (target ≥ 90% each), any kept value that
 * differs from the text layer's (target none), and the cost of a page on one core: CPU seconds of
 * this process and of Tesseract (its children), so that other work on the machine does not count.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFile } from '../lib/ingest/parse.js';
import { ocrAvailable } from '../lib/ingest/readers/ocr.js';
import { pdfiumRender } from '../lib/ingest/readers/pdfium.js';
import { SCAN_FIXTURES, SCANS_DIR, compareWithPublished } from '../lib/ingest/fixtures/scans.js';

/** CPU seconds of this process and of its children that have ended (Linux /proc: utime, stime, cutime, cstime). */
function cpuSeconds(): number {
	const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
	return fields.slice(11, 15).reduce((s, f) => s + Number(f), 0) / 100;
}

const pct = (a: number, n: number) => `${((100 * a) / n).toFixed(1)}%`;

export async function benchOcr(): Promise<string[]> {
	if (!ocrAvailable()) return ['scanned PDFs (OCR): skipped, tesseract with chi_sim not installed'];
	const out = ['Scanned PDFs (OCR by Tesseract; values kept only where the tables\u2019 arithmetic confirms them):'];
	const total = { t3: 0, t3n: 0, t4: 0, t4n: 0, pages: 0, cpu: 0, wall: 0, wrong: 0 };
	for (const { real, scan } of SCAN_FIXTURES) {
		const file = path.join(SCANS_DIR, scan);
		const pages = (await pdfiumRender(readFileSync(file), 10)).length;
		const published = await parseFile(path.resolve('data/reports/real', real));
		const [cpu0, wall0] = [cpuSeconds(), performance.now()];
		const read = await parseFile(file);
		const [cpu, wall] = [cpuSeconds() - cpu0, (performance.now() - wall0) / 1000];
		const c = compareWithPublished(read, published);
		Object.assign(total, {
			t3: total.t3 + c.applications.accepted,
			t3n: total.t3n + c.applications.published,
			t4: total.t4 + c.reviews.accepted,
			t4n: total.t4n + c.reviews.published,
			pages: total.pages + pages,
			cpu: total.cpu + cpu,
			wall: total.wall + wall,
			wrong: total.wrong + c.wrong.length
		});
		out.push(
			`  ${scan.padEnd(32)} Table 3 ${c.applications.accepted}/${c.applications.published} (${pct(c.applications.accepted, c.applications.published)})  ` +
				`Table 4 ${c.reviews.accepted}/${c.reviews.published} (${pct(c.reviews.accepted, c.reviews.published)})  wrong ${c.wrong.length}  ` +
				`(confirmable as published: ${c.applications.confirmable}, ${c.reviews.confirmable})  ` +
				`${(cpu / pages).toFixed(2)} s/page CPU, ${(wall / pages).toFixed(2)} s/page wall (${pages} pages)`
		);
	}
	const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
	out.push(
		`  all: Table 3 ${pct(total.t3, total.t3n)} accepted, Table 4 ${pct(total.t4, total.t4n)} (target ≥ 90%: ${met(total.t3 >= 0.9 * total.t3n)}, ${met(total.t4 >= 0.9 * total.t4n)}); ` +
			`accepted wrongly ${total.wrong} (target 0: ${met(total.wrong === 0)}); ${(total.cpu / total.pages).toFixed(2)} s/page of one core (target ≤ 5: ${met(total.cpu / total.pages <= 5)})`
	);
	return out;
}
