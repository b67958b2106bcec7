/**
 * Markdown (.md): headings, paragraphs, list items and pipe tables. Each line of prose is a
 * paragraph (as in the text reader: reports break lines at sentence or item ends); heading
 * marks, bullets, quote marks and emphasis are dropped; a pipe table is a table, its
 * delimiter row skipped, a label broken off its numbers put back, the cells a merged cell
 * covers given back to it (./pipes.ts). An HTML <table> in the markdown (as PDF-to-markdown
 * converters write tables with merged cells) is read as HTML.
 */
import type { Block, Document } from '../document.js';
import { decodeText } from './decode.js';
import { Budget } from '../bounds.js';
import { readHtml } from './html.js';
import { isDelimiterRow, joinHeaderFragments, mergedCells, pipeCells, reattachLabels } from './pipes.js';

export function readMarkdown(bytes: Uint8Array, file: string, budget = new Budget(file)): Document {
	const text = decodeText(bytes, file);
	budget.text(text.length);
	const lines = text.split(/\r\n|\r|\n/);
	const blocks: Block[] = [];
	let rows: string[][] | null = null;
	let fence = false;
	const endTable = () => {
		if (rows?.length) blocks.push({ kind: 'table', rows: mergedCells(joinHeaderFragments(reattachLabels(rows))) });
		rows = null;
	};
	let html: string[] | null = null; // an HTML table written into the markdown (converters do)
	for (const line of lines) {
		budget.tick();
		if (html || /^\s*<table[\s>]/i.test(line)) {
			(html ??= []).push(line);
			if (/<\/table>/i.test(line)) {
				endTable();
				blocks.push(...readHtml(new TextEncoder().encode(html.join('\n')), file).blocks);
				html = null;
			}
			continue;
		}
		if (/^\s*(```|~~~)/.test(line)) {
			fence = !fence;
			continue;
		}
		const cells = fence ? null : pipeCells(line);
		if (cells) {
			if (!isDelimiterRow(cells)) (rows ??= []).push(cells);
			continue;
		}
		endTable();
		const text = prose(line);
		if (!text) continue;
		blocks.push({ kind: 'paragraph', text });
	}
	if (html) blocks.push(...readHtml(new TextEncoder().encode(html.join('\n')), file).blocks);
	endTable();
	return { blocks };
}

/** A prose line without its markdown marks. */
function prose(line: string): string {
	return line
		.replace(/^\s{0,3}#{1,6}\s+/, '')
		.replace(/\s+#+\s*$/, '')
		.replace(/^\s*>\s?/, '')
		.replace(/^\s*[-*+]\s+/, '')
		.replace(/\*\*|__|`/g, '')
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<br\s*\/?>/gi, '')
		.trim()
		.replace(/^([-*_]\s*){3,}$/, '');
}
