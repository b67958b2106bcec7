/**
 * Plain text taken out of Word or a web page.
 *
 * Table cells come one per line with a leading tab (Word's "text only" export), a blank line
 * ending each table row; a cell's text may continue on following lines without a tab (自\n然\n人).
 * Rows may also come whole, cells separated by tabs, or between pipes (`| 一、本年新收… | 1259 |
 * … |`, a markdown table pasted into text). Any other line is a paragraph of its own.
 * An archive header (`标题: …` lines before a `=== 正文 ===` rule) gives the title.
 */
import { cell, type Block, type Cell, type Document, type Published } from '../document.js';
import { publishedLine } from '../published.js';
import { decodeText } from './decode.js';
import { isDelimiterRow, joinHeaderFragments, mergedCells, pipeCells, reattachLabels } from './pipes.js';
import { looksLikeValue } from '../values.js';
import { Budget } from '../bounds.js';

/**
 * A line of text that is a pipe row: framed by pipes (`| 一、本年新收 | 1259 | … |`), or with
 * pipes only between cells when at least two of its cells are numbers (prose seldom is).
 */
function pipeRowOf(line: string): string[] | null {
	if (!line.includes('|')) return null;
	const cells = pipeCells(line);
	if (!cells) return null;
	if (line.length > 1 && line.startsWith('|') && line.endsWith('|')) return cells;
	return cells.filter((c) => c && looksLikeValue(c)).length >= 2 ? cells : null;
}

const HEADER_RULE = /^=+\s*正文\s*=+$/;

export function readText(bytes: Uint8Array, file: string, budget = new Budget(file)): Document {
	const text = decodeText(bytes, file);
	budget.text(text.length);
	let lines = text.split(/\r\n|\r|\n/);

	let title: string | undefined;
	let published: Published | undefined;
	const rule = lines.slice(0, 40).findIndex((l) => HEADER_RULE.test(l.trim()));
	if (rule >= 0) {
		for (const l of lines.slice(0, rule)) {
			const m = /^标题\s*[:：]\s*(.+)$/.exec(l.trim());
			if (m) title = m[1].trim();
			published ??= publishedLine(l, '网页发布时间（存档页头）') ?? undefined;
		}
		lines = lines.slice(rule + 1);
	}

	const blocks: Block[] = [];
	let rows: Cell[][] | null = null; // the table being read
	let row: Cell[] | null = null; // its current row
	let last: 'cell' | 'paragraph' | 'blank' = 'blank';

	const endRow = () => {
		if (row && rows) rows.push(row);
		row = null;
	};
	let piped: string[][] = []; // consecutive pipe rows, put into the table when they end
	const endPiped = () => {
		if (piped.length) (rows ??= []).push(...mergedCells(joinHeaderFragments(reattachLabels(piped))));
		piped = [];
	};
	const endTable = () => {
		endPiped();
		endRow();
		if (rows && rows.length) blocks.push({ kind: 'table', rows });
		rows = null;
	};

	for (const line of lines) {
		budget.tick();
		const trimmed = line.trim();
		const pipes = pipeRowOf(trimmed);
		if (pipes) {
			endRow();
			if (!isDelimiterRow(pipes)) piped.push(pipes);
			last = 'blank';
			continue;
		}
		endPiped();
		if (line.trim() === '' && !line.includes('\t')) {
			endRow();
			last = 'blank';
			continue;
		}
		const body = line.startsWith('\t') ? line.slice(1) : line;
		if (body.includes('\t')) {
			// A whole row, cells separated by tabs.
			endRow();
			rows ??= [];
			rows.push(body.split('\t').map((t) => cell(t.trim())));
			last = 'blank';
			continue;
		}
		if (line.startsWith('\t')) {
			rows ??= [];
			row ??= [];
			row.push(cell(body.trim()));
			last = 'cell';
			continue;
		}
		if (last === 'cell' && row && row.length) {
			// A cell's text continued on the next line.
			const c = row[row.length - 1];
			c.text = c.text ? `${c.text}\n${line.trim()}` : line.trim();
			continue;
		}
		// A paragraph. It ends the table being read; recognition reads rows across tables, so a
		// merged label printed between two rows (三、 / 本年度办理结果) costs nothing.
		endTable();
		blocks.push({ kind: 'paragraph', text: line.trim() });
		last = 'paragraph';
	}
	endTable();
	return { blocks, title, published };
}
