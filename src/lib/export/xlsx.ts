/**
 * A minimal .xlsx writer (Office Open XML in a zip): sheets of strings and numbers, enough for
 * a supervisor to open the data in Excel or WPS. Runs in the browser and on the server.
 */
import { strToU8, zipSync } from 'fflate';
import { escapeXml as esc, spreadsheetText } from '../escape.js';

export interface Sheet {
	name: string;
	rows: (string | number | null)[][];
	/** Column widths in characters (a CJK character counts about two); text wider than its column wraps. */
	widths?: number[];
	/** The first row is a header: bold, and frozen while the rest scrolls. */
	header?: boolean;
}

/** Cell styles of styles.xml, by index: the default, bold for headers, and each wrapping within its column (top-aligned). */
const STYLE = { normal: 0, bold: 1, wrap: 2, boldWrap: 3 } as const;
const STYLES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs></styleSheet>`;

/** A text's width in a spreadsheet's characters: CJK characters are about two wide. */
function textWidth(text: string): number {
	let w = 0;
	for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
	return w;
}

/** A width that fits a column's longest text, bounded (a longer text wraps). */
export function fitWidths(rows: Sheet['rows'], max = 60): number[] {
	const widths: number[] = [];
	for (const row of rows) row.forEach((v, c) => (widths[c] = Math.min(max, Math.max(widths[c] ?? 6, textWidth(v === null ? '' : String(v)) + 2))));
	return widths;
}

function column(i: number): string {
	let s = '';
	for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

function sheetXml(sheet: Sheet): string {
	const { rows } = sheet;
	const body = rows
		.map((row, r) => {
			const bold = sheet.header && r === 0;
			const cells = row
				.map((v, c) => {
					const ref = `${column(c)}${r + 1}`;
					if (v === null || v === '') return '';
					const wraps = typeof v === 'string' && sheet.widths?.[c] !== undefined && textWidth(v) > sheet.widths[c];
					const index = wraps ? (bold ? STYLE.boldWrap : STYLE.wrap) : bold ? STYLE.bold : STYLE.normal;
					const style = index ? ` s="${index}"` : '';
					if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"${style}><v>${v}</v></c>`;
					// Text stays text: a cell that looks like a formula is neutralized, as in CSV.
					return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${esc(spreadsheetText(String(v)))}</t></is></c>`;
				})
				.join('');
			return `<row r="${r + 1}">${cells}</row>`;
		})
		.join('');
	const frozen = sheet.header
		? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
		: '';
	const cols = sheet.widths?.length
		? `<cols>${sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
		: '';
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${frozen}${cols}<sheetData>${body}</sheetData></worksheet>`;
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique. */
function sheetName(name: string, taken: Set<string>): string {
	let n = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet';
	for (let k = 2; taken.has(n); k++) n = `${name.slice(0, 28)}_${k}`;
	taken.add(n);
	return n;
}

export function writeXlsx(sheets: Sheet[]): Uint8Array {
	const taken = new Set<string>();
	const names = sheets.map((s) => sheetName(s.name, taken));
	const files: Record<string, Uint8Array> = {
		'[Content_Types].xml': strToU8(
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets
				.map(
					(_, i) =>
						`<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
				)
				.join('')}</Types>`
		),
		'_rels/.rels': strToU8(
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		),
		'xl/workbook.xml': strToU8(
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names
				.map((n, i) => `<sheet name="${esc(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
				.join('')}</sheets></workbook>`
		),
		'xl/_rels/workbook.xml.rels': strToU8(
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
				.map(
					(_, i) =>
						`<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`
				)
				.join(
					''
				)}<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
		),
		'xl/styles.xml': strToU8(STYLES_XML)
	};
	sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s))));
	return zipSync(files, { level: 6 });
}
