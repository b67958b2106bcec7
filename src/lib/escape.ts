/**
 * Text from a report (agency names, titles, cells' text) escaped for the sink it reaches.
 * Svelte escapes what a template prints; these are for the rest: HTML built as a string (a
 * chart's tooltip), XML (a spreadsheet's cells), and spreadsheet formulas (CSV and XLSX cells).
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For HTML text or a quoted attribute value. */
export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => HTML[c]);
}

/** Characters XML 1.0 cannot hold at all (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/F). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** For XML text or a quoted attribute value: escaped, and what XML cannot hold dropped. */
export function escapeXml(s: string): string {
	return s.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * For a chart's text (a label, a subtitle) that ECharts writes into SVG itself (escaping its
 * markup) and the PNG renderer parses: what XML cannot hold dropped (a NUL made the PNG fail).
 * Given to ECharts as a function's result, never as a formatter template, so that no `{b}` in
 * it is read as one.
 */
export function chartText(s: string): string {
	return s.replace(NOT_XML, '');
}

/** A number as text (-12, 3.5, 12.5%, 1,259): a spreadsheet reads it as the number it is. */
const PLAIN_NUMBER = /^[-+]?\d[\d,]*(\.\d+)?%?$/;

/**
 * A text cell of a spreadsheet (CSV or XLSX) that a spreadsheet would take for a formula, or
 * for the start of one (= + - @, or a tab or carriage return before them), is prefixed with
 * an apostrophe so that it stays text (OWASP's advice against CSV injection). Plain numbers
 * written as text are left alone.
 */
export function spreadsheetText(s: string): string {
	if (!/^[=+\-@\t\r]/.test(s) || PLAIN_NUMBER.test(s)) return s;
	return `'${s}`;
}

/** The text a spreadsheet cell guarded by spreadsheetText stood for (a file read back: the registry). */
export function unguardFormula(s: string): string {
	return /^'[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s.slice(1)) ? s.slice(1) : s;
}
