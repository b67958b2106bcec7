/**
 * HTML pages and article bodies, read in one pass of a small tokenizer (no DOM: reports are
 * read by the thousand, and a full HTML parser cost four times as much for nothing we use). Tables keep their
 * rowspan/colspan; a cell's text is the text of all its tags (a label split over 三、本 /
 * 年度办 / 理结果 is one cell); block tags and <br> break paragraphs. Scripts, styles and
 * forms are never read. A table that holds another table is page layout: its content is read
 * as paragraphs in order.
 */
import { decodeHTML, decodeHTMLAttribute } from 'entities';
import { type Block, type Cell, type Document, type Published } from '../document.js';
import { isoDate, publishedLine } from '../published.js';

/** Meta tags that content-management systems of government sites put the publication date in. */
const PUBLISHED_META = /^(pubdate|publishdate|firstpublishedtime|publishedtime|article:published_time|dc\.date|dcterms\.issued)$/i;
import { decodeText } from './decode.js';
import { Budget } from '../bounds.js';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'select', 'option', 'button', 'iframe', 'svg', 'object', 'textarea']);
const BLOCK = new Set([
	'p',
	'div',
	'section',
	'article',
	'main',
	'header',
	'footer',
	'aside',
	'nav',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'li',
	'ul',
	'ol',
	'dl',
	'dt',
	'dd',
	'blockquote',
	'pre',
	'center',
	'form',
	'hr',
	'address',
	'figure',
	'figcaption',
	'br',
	'tr',
	'td',
	'th',
	'caption'
]);
const SPACES = /[ \t\r\n\u00a0\u3000]+/g;

interface OpenCell {
	parts: string[];
	/**
	 * Whitespace and line breaks after the cell's last text, held back until more text comes:
	 * a cell's text is trimmed, so what trails is dropped (and what leads is never kept), which
	 * leaves most cells one part with no space to fold.
	 */
	tail: string;
	rowSpan: number;
	colSpan: number;
}
interface OpenTable {
	rows: Cell[][];
	row: Cell[] | null;
	cell: OpenCell | null;
	/** Holds another table: page layout, read as flow. */
	layout: boolean;
}

function span(v: string | undefined): number {
	const n = v ? Number.parseInt(v, 10) : 1;
	return Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 1;
}

/** A cell's text: spaces folded within lines, blank lines and the spaces around line breaks dropped. */
function cellText(parts: string[]): string {
	if (parts.length === 1 && !ANY_SPACE.test(parts[0])) return parts[0];
	const joined = parts.join('');
	if (!joined.includes('\n')) return joined.replace(SPACES, ' ').trim();
	return joined
		.replace(INLINE_SPACES, ' ')
		.replace(/ ?\n[ \n]*/g, '\n')
		.trim();
}
const INLINE_SPACES = /[ \t\r\u00a0\u3000]+/g;
/** What String.prototype.trim removes. */
const ANY_SPACE = /\s/;
const NOT_SPACE = /\S/;

/** A line break in a cell (a block tag inside it), kept only between texts. */
function breakCell(c: OpenCell) {
	if (c.parts.length) c.tail += '\n';
}

class HtmlReader {
	blocks: Block[] = [];
	line = '';
	skip = 0;
	tables: OpenTable[] = [];
	titles: { meta?: string; h1?: string; title?: string } = {};
	published: Published | undefined;
	capture: 'h1' | 'title' | null = null;
	captured = '';

	/** The data cell that text goes to, if any. */
	cell(): OpenCell | null {
		const t = this.tables[this.tables.length - 1];
		return t && !t.layout ? t.cell : null;
	}

	flush() {
		const t = this.line.replace(SPACES, ' ').trim();
		if (t) this.blocks.push({ kind: 'paragraph', text: t });
		this.line = '';
	}

	/** A table found to hold a table: what it had read becomes paragraphs, in order. */
	toLayout(t: OpenTable) {
		t.layout = true;
		const cells = [...t.rows.flat(), ...(t.row ?? [])];
		for (const c of cells) for (const l of c.text.split('\n')) if (l.trim()) this.blocks.push({ kind: 'paragraph', text: l.trim() });
		if (t.cell) this.line += cellText(t.cell.parts).replace(/\n/g, ' ');
		t.rows = [];
		t.row = null;
		t.cell = null;
	}

	open(name: string, attrs: Record<string, string>) {
		if (this.skip || SKIP.has(name)) {
			if (SKIP.has(name)) this.skip++;
			return;
		}
		if (name === 'meta' && /^articletitle$/i.test(attrs.name ?? '')) this.titles.meta ??= attrs.content;
		if (name === 'meta' && PUBLISHED_META.test(attrs.name ?? attrs.property ?? '') && attrs.content) {
			const date = isoDate(attrs.content);
			if (date) this.published ??= { date, source: `网页元数据（${attrs.name ?? attrs.property}）` };
		}
		if ((name === 'h1' && !this.titles.h1) || (name === 'title' && !this.titles.title)) {
			this.capture = name;
			this.captured = '';
		}
		const top = this.tables[this.tables.length - 1];
		// Cells and rows are often left unclosed: a new one closes the one before.
		if (top && !top.layout && (name === 'td' || name === 'th' || name === 'tr')) {
			if (top.cell) this.close('td');
			if (name === 'tr' && top.row) this.close('tr');
		}
		if (name === 'table') {
			if (top && !top.layout && top.cell) this.toLayout(top);
			this.flush();
			this.tables.push({ rows: [], row: null, cell: null, layout: false });
			return;
		}
		if (top && !top.layout) {
			if (name === 'tr') top.row = [];
			else if (name === 'td' || name === 'th') top.cell = { parts: [], tail: '', rowSpan: span(attrs.rowspan), colSpan: span(attrs.colspan) };
			else if (top.cell && BLOCK.has(name)) breakCell(top.cell);
			return;
		}
		if (BLOCK.has(name)) this.flush();
	}

	close(name: string) {
		if (this.skip) {
			if (SKIP.has(name)) this.skip--;
			return;
		}
		if (this.capture === name) {
			this.titles[name as 'h1' | 'title'] = this.captured.replace(SPACES, ' ').trim();
			this.capture = null;
		}
		const top = this.tables[this.tables.length - 1];
		if (name === 'table') {
			if (!top) return;
			if (!top.layout && top.cell) this.close('td');
			this.tables.pop();
			if (!top.layout) {
				if (top.row) top.rows.push(top.row);
				if (top.rows.length) this.blocks.push({ kind: 'table', rows: top.rows });
			} else this.flush();
			return;
		}
		if (top && !top.layout) {
			if ((name === 'td' || name === 'th') && top.cell) {
				(top.row ??= []).push({ text: cellText(top.cell.parts), rowSpan: top.cell.rowSpan, colSpan: top.cell.colSpan });
				top.cell = null;
			} else if (name === 'tr' && top.row) {
				top.rows.push(top.row);
				top.row = null;
			} else if (top.cell && BLOCK.has(name)) breakCell(top.cell);
			return;
		}
		if (BLOCK.has(name)) this.flush();
	}

	text(data: string) {
		if (this.skip) return;
		if (this.capture) this.captured += data;
		const c = this.cell();
		if (!c) this.line += data;
		else if (!NOT_SPACE.test(data)) {
			if (c.parts.length) c.tail += data;
		} else {
			if (c.tail) {
				c.parts.push(c.tail);
				c.tail = '';
			}
			c.parts.push(data);
		}
	}

	finish(): Document {
		while (this.tables.length) this.close('table');
		this.flush();
		const title = [this.titles.meta, this.titles.h1, this.titles.title].map((t) => t?.replace(SPACES, ' ').trim()).find((t) => t);
		// A page's own 发布时间 line, when no meta tag said it.
		for (const b of this.blocks.slice(0, 30)) if (b.kind === 'paragraph') this.published ??= publishedLine(b.text, '网页发布时间') ?? undefined;
		return { blocks: this.blocks, title: title || undefined, published: this.published };
	}
}

/**
 * The `>` that ends a tag whose name ends at `j`: a `>` inside a quoted attribute value
 * (`<td title="a>b">`) does not. The common tag has no quote before its first `>`.
 */
function tagEnd(html: string, j: number): number {
	const gt = html.indexOf('>', j);
	if (gt < 0) return -1;
	let quoted = false;
	for (let p = j; p < gt; p++) {
		const c = html.charCodeAt(p);
		if (c === 34 || c === 39) {
			quoted = true;
			break;
		}
	}
	if (!quoted) return gt;
	const n = html.length;
	for (let p = j; p < n; p++) {
		const c = html.charCodeAt(p);
		if (c === 62 /* > */) return p;
		if (c !== 61 /* = */) continue;
		// An attribute value: a quote right after `=` (spaces allowed) runs to its match.
		let q = p + 1;
		while (q < n && /\s/.test(html[q])) q++;
		const open = html.charCodeAt(q);
		if (open !== 34 && open !== 39) continue;
		const close = html.indexOf(html[q], q + 1);
		// An unclosed quote: the tag ends at its first `>`, as before.
		if (close < 0) return gt;
		p = close;
	}
	return -1;
}

const VOID = new Set(['br', 'hr', 'meta', 'img', 'input', 'link', 'wbr', 'col', 'area', 'base', 'source']);
/** Elements whose content is not markup: skipped whole, up to their end tag. */
const RAW = new Set(['script', 'style', 'textarea', 'xmp', 'noscript', 'template']);
const ATTR = /([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
const ROWSPAN = /\browspan\s*=\s*["']?\s*(\d+)/i;
const COLSPAN = /\bcolspan\s*=\s*["']?\s*(\d+)/i;
const SPAN = /span/i;
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i;

function attributes(s: string): Record<string, string> {
	const out: Record<string, string> = {};
	ATTR.lastIndex = 0;
	for (let m = ATTR.exec(s); m; m = ATTR.exec(s)) {
		const v = m[2] ?? m[3] ?? m[4] ?? '';
		out[m[1].toLowerCase()] = v.includes('&') ? decodeHTMLAttribute(v) : v;
	}
	return out;
}

/** Only cells' spans and meta tags' attributes are read; a cell's long style="…" is not parsed. */
function wantedAttributes(name: string, attrs: string): Record<string, string> {
	if (name === 'td' || name === 'th') {
		if (!SPAN.test(attrs)) return {};
		return { rowspan: ROWSPAN.exec(attrs)?.[1] ?? '1', colspan: COLSPAN.exec(attrs)?.[1] ?? '1' };
	}
	return name === 'meta' ? attributes(attrs) : {};
}

const isLetter = (k: number) => (k >= 97 && k <= 122) || (k >= 65 && k <= 90);
const isNameChar = (k: number) => isLetter(k) || (k >= 48 && k <= 57) || k === 45 /* - */ || k === 58 /* : */ || k === 95; /* _ */

export function readHtml(bytes: Uint8Array, file: string, budget = new Budget(file)): Document {
	budget.partBytes(bytes.length, '网页');
	// The declared charset matters only for bytes that are not UTF-8.
	const declared = () => META_CHARSET.exec(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1'))?.[1];
	const html = decodeText(bytes, file, declared);
	const reader = new HtmlReader();
	const text = (t: string) => {
		const s = t.includes('&') ? decodeHTML(t) : t;
		budget.text(s.length);
		reader.text(s);
	};
	const n = html.length;
	let lower: string | null = null; // lower-cased copy, made only if a raw-text element occurs
	let i = 0;
	// A scan by character codes: this loop runs over every tag of every report.
	while (i < n) {
		budget.tick();
		const lt = html.indexOf('<', i);
		if (lt < 0) {
			text(html.slice(i));
			break;
		}
		if (lt > i) text(html.slice(i, lt));
		let j = lt + 1;
		let k = html.charCodeAt(j);
		if (k === 33 /* ! */ || k === 63 /* ? */) {
			// A comment, doctype or processing instruction.
			const close = html.startsWith('<!--', lt) ? '-->' : '>';
			const e = html.indexOf(close, lt + 2);
			i = e < 0 ? n : e + close.length;
			continue;
		}
		const closing = k === 47; /* / */
		if (closing) k = html.charCodeAt(++j);
		if (!isLetter(k)) {
			text('<');
			i = lt + 1;
			continue;
		}
		const nameStart = j;
		let upper = false;
		while (j < n && isNameChar((k = html.charCodeAt(j)))) {
			if (k <= 90 && k >= 65) upper = true;
			j++;
		}
		const name = upper ? html.slice(nameStart, j).toLowerCase() : html.slice(nameStart, j);
		const gt = tagEnd(html, j);
		const end = gt < 0 ? n : gt;
		i = end + 1;
		if (closing) {
			reader.close(name);
			continue;
		}
		if (RAW.has(name)) {
			// Skip to the end tag: nothing inside is read, whatever it looks like.
			lower ??= html.toLowerCase();
			const e = lower.indexOf(`</${name}`, i);
			i = e < 0 ? n : e;
			continue;
		}
		const attrs = html.slice(j, end);
		reader.open(name, wantedAttributes(name, attrs));
		if (VOID.has(name) || attrs.endsWith('/')) reader.close(name);
	}
	return reader.finish();
}
