/**
 * A minimal .xlsx writer (Office Open XML in a zip): sheets of strings and numbers, enough for
 * a supervisor to open the data in Excel or WPS. Runs in the browser and on the server.
 */
import { strToU8, zipSync } from 'fflate';
import { escapeXml as esc, spreadsheetText } from '../escape.js';

export interface Sheet {
	name: string;
	rows: (string | number | null)[][];
}


function column(i: number): string {
	let s = '';
	for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

function sheetXml(rows: Sheet['rows']): string {
	const body = rows
		.map((row, r) => {
			const cells = row
				.map((v, c) => {
					const ref = `${column(c)}${r + 1}`;
					if (v === null || v === '') return '';
					if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"><v>${v}</v></c>`;
					// Text stays text: a cell that looks like a formula is neutralized, as in CSV.
					return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(spreadsheetText(String(v)))}</t></is></c>`;
				})
				.join('');
			return `<row r="${r + 1}">${cells}</row>`;
		})
		.join('');
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
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
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets
				.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
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
				.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
				.join('')}</Relationships>`
		)
	};
	sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s.rows))));
	return zipSync(files, { level: 6 });
}
