/**
 * The Word 97–2003 binary format ([MS-DOC]; also what WPS Office writes as .wps): the main
 * document's text in order, each paragraph mark with the table properties that say what it
 * ends — a paragraph, a table cell (mark 0x07), or a table row (0x07 of a row-end paragraph,
 * with the row's cell boundaries and vertical merges).
 *
 * Read from the compound file (cfb): the File Information Block (FIB), the piece table (CLX)
 * that maps character positions to bytes, and the paragraph properties (PAPX in FKP pages).
 */
import CFB from 'cfb';

export class Word97Error extends Error {
	constructor(
		readonly kind: 'not_word' | 'old_word' | 'encrypted' | 'broken' | 'too_large',
		message: string
	) {
		super(message);
	}
}

/** What a paragraph mark ends. */
export interface Mark {
	kind: 'paragraph' | 'cell' | 'row';
	/** For a paragraph: it lies inside a table cell (the cell goes on). */
	inTable?: boolean;
	/** For a row: the cells' left and right edges (twips), itcMac + 1 of them. */
	edges?: number[];
	/** For a row: indexes of the cells that continue a vertically merged cell above. */
	continued?: number[];
	/** For a row: indexes of the cells merged into the cell on their left (Word 97's horizontal merge). */
	merged?: number[];
}

/** Text runs and the marks between them, in document order. */
export type Token = { text: string } | { mark: Mark };

interface ParaProps {
	inTable: boolean;
	rowEnd: boolean;
	depth: number;
	edges?: number[];
	continued?: number[];
	merged?: number[];
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const i16 = (b: Uint8Array, o: number) => (u16(b, o) << 16) >> 16;
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

function stream(cfb: CFB.CFB$Container, name: string): Uint8Array | null {
	const e = CFB.find(cfb, name);
	if (!e || !e.content) return null;
	const c = e.content as Uint8Array | number[];
	return c instanceof Uint8Array ? c : Uint8Array.from(c);
}

/** True for the signature of an OLE compound file (D0 CF 11 E0 A1 B1 1A E1). */
export function isCompoundFile(bytes: Uint8Array): boolean {
	const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
	return bytes.length >= 512 && sig.every((v, i) => bytes[i] === v);
}

/**
 * The document's tokens. `maxChars` bounds the characters its pieces span, counted before any
 * is read: a piece table may point thousands of pieces at the same text (317 KB of file, 524
 * million characters), which only the sum of the pieces shows.
 */
export function readWord97(bytes: Uint8Array, maxChars = Infinity): Token[] {
	let cfb: CFB.CFB$Container;
	try {
		cfb = CFB.read(bytes, { type: 'buffer' });
	} catch (e) {
		throw new Word97Error('broken', `compound file unreadable: ${(e as Error).message}`);
	}
	const word = stream(cfb, 'WordDocument');
	if (!word || word.length < 0x1aa) throw new Word97Error('not_word', 'no WordDocument stream');
	if (u16(word, 0) !== 0xa5ec) throw new Word97Error('not_word', 'no Word FIB (wIdent)');
	// Word 6 and Word 95 (nFib 101–105) lay out the FIB and the properties otherwise.
	if (u16(word, 2) <= 105) throw new Word97Error('old_word', `Word 95 or earlier (nFib ${u16(word, 2)})`);
	const flags = u16(word, 0x0a);
	if (flags & 0x0100) throw new Word97Error('encrypted', 'encrypted');
	const table = stream(cfb, flags & 0x0200 ? '1Table' : '0Table');
	if (!table) throw new Word97Error('broken', 'no table stream');

	// FIB: FibBase (32 bytes), fibRgW (csw shorts), fibRgLw (cslw longs), fibRgFcLcb (pairs).
	const csw = u16(word, 0x20);
	const lwAt = 0x22 + csw * 2 + 2;
	const ccpText = u32(word, lwAt + 3 * 4);
	const cslw = u16(word, lwAt - 2);
	const fcLcbAt = lwAt + cslw * 4 + 2;
	const fcLcb = (i: number) => [u32(word, fcLcbAt + i * 8), u32(word, fcLcbAt + i * 8 + 4)];
	const [fcClx, lcbClx] = fcLcb(33);
	const [fcBtePapx, lcbBtePapx] = fcLcb(13);
	if (!lcbClx || fcClx + lcbClx > table.length) throw new Word97Error('broken', 'no piece table');

	const pieces = pieceTable(table.subarray(fcClx, fcClx + lcbClx));
	const spanned = pieces.reduce((n, p) => n + Math.max(0, Math.min(p.cpEnd, ccpText) - p.cpStart), 0);
	if (spanned > maxChars) throw new Word97Error('too_large', `its pieces span ${spanned.toLocaleString('en')} characters`);
	const paras = paragraphRuns(word, table.subarray(fcBtePapx, fcBtePapx + lcbBtePapx), stream(cfb, 'Data'));
	return tokens(word, pieces, paras, ccpText);
}

interface Piece {
	cpStart: number;
	cpEnd: number;
	fc: number;
	compressed: boolean;
}

function pieceTable(clx: Uint8Array): Piece[] {
	let o = 0;
	// Prc entries (0x01, cb, grpprl) come before the Pcdt (0x02).
	while (o < clx.length && clx[o] === 0x01) o += 3 + u16(clx, o + 1);
	if (clx[o] !== 0x02) throw new Word97Error('broken', 'no Pcdt in CLX');
	const lcb = u32(clx, o + 1);
	const plc = clx.subarray(o + 5, o + 5 + lcb);
	const n = (lcb - 4) / 12;
	if (!Number.isInteger(n) || n < 1) throw new Word97Error('broken', 'bad PlcPcd');
	const pieces: Piece[] = [];
	for (let i = 0; i < n; i++) {
		const fcRaw = u32(plc, (n + 1) * 4 + i * 8 + 2);
		const compressed = (fcRaw & 0x40000000) !== 0;
		const fc = compressed ? (fcRaw & 0x3fffffff) / 2 : fcRaw;
		pieces.push({ cpStart: u32(plc, i * 4), cpEnd: u32(plc, (i + 1) * 4), fc, compressed });
	}
	return pieces;
}

/** Paragraph properties by byte range of the WordDocument stream, sorted. */
interface ParaRun {
	fcStart: number;
	fcEnd: number;
	props: ParaProps;
}

function paragraphRuns(word: Uint8Array, plc: Uint8Array, data: Uint8Array | null): ParaRun[] {
	const runs: ParaRun[] = [];
	const n = (plc.length - 4) / 8;
	if (!Number.isInteger(n) || n < 1) return runs;
	for (let i = 0; i < n; i++) {
		const pn = u32(plc, (n + 1) * 4 + i * 4) & 0x3fffff;
		const at = pn * 512;
		if (at + 512 > word.length) continue;
		const page = word.subarray(at, at + 512);
		const crun = page[511];
		for (let k = 0; k < crun; k++) {
			const bOffset = page[(crun + 1) * 4 + k * 13] * 2;
			let props: ParaProps = { inTable: false, rowEnd: false, depth: 0 };
			if (bOffset) {
				let cb = page[bOffset];
				let start = bOffset + 1;
				let len = 2 * cb - 1;
				if (cb === 0) {
					cb = page[bOffset + 1];
					start = bOffset + 2;
					len = 2 * cb;
				}
				// GrpPrlAndIstd: a style index (2 bytes), then the sprms.
				props = sprms(page.subarray(Math.min(start + 2, 512), Math.min(start + len, 512)), data);
			}
			runs.push({ fcStart: u32(page, k * 4), fcEnd: u32(page, (k + 1) * 4), props });
		}
	}
	runs.sort((a, b) => a.fcStart - b.fcStart);
	return runs;
}

/** The paragraph and table properties this reader needs from a list of sprms. */
function sprms(g: Uint8Array, data: Uint8Array | null, p: ParaProps = { inTable: false, rowEnd: false, depth: 0 }): ParaProps {
	let o = 0;
	while (o + 2 <= g.length) {
		const sprm = u16(g, o);
		o += 2;
		const spra = sprm >> 13;
		let size: number;
		let at = o;
		if (spra === 6) {
			if (sprm === 0xd608 || sprm === 0xd606) {
				// sprmTDefTable: a 2-byte count, one more than the bytes that follow it.
				size = 2 + u16(g, o) - 1;
				at = o + 2;
			} else {
				size = 1 + g[o];
				at = o + 1;
			}
		} else size = [1, 1, 2, 4, 2, 2, 0, 3][spra];
		if (o + size > g.length) break;
		switch (sprm) {
			case 0x2416: // sprmPFInTable
				p.inTable = g[at] !== 0;
				break;
			case 0x2417: // sprmPFTtp: this paragraph ends a table row
				p.rowEnd = g[at] !== 0;
				break;
			case 0x6649: // sprmPItap: table depth
				p.depth = u32(g, at);
				break;
			case 0xd608: {
				// sprmTDefTable: itcMac, itcMac + 1 cell edges, then a TC80 (20 bytes) per cell
				// whose flags (tcgrf) say whether it continues a vertical merge.
				const itcMac = g[at];
				const tcAt = at + 1 + (itcMac + 1) * 2;
				if (tcAt > g.length) break;
				p.edges = Array.from({ length: itcMac + 1 }, (_, k) => i16(g, at + 1 + k * 2));
				for (let k = 0; k < itcMac && tcAt + k * 20 + 2 <= at + size; k++) {
					const tcgrf = u16(g, tcAt + k * 20);
					if (tcgrf & 0x0020 && !(tcgrf & 0x0040)) (p.continued ??= []).push(k);
					if (tcgrf & 0x0002 && !(tcgrf & 0x0001)) (p.merged ??= []).push(k);
				}
				break;
			}
			case 0x6646: {
				// sprmPHugePapx: the properties are too long for the page and stand in the Data
				// stream (a 2-byte count, then the sprms).
				const fc = u32(g, at);
				if (data && fc + 2 <= data.length) sprms(data.subarray(fc + 2, Math.min(data.length, fc + 2 + u16(data, fc))), null, p);
				break;
			}
			case 0xd62b: // sprmTVertMerge: cb, itc, vertMerge (1: merged with the cell above)
				if (g[at + 1] === 1 && !p.continued?.includes(g[at])) (p.continued ??= []).push(g[at]);
				break;
		}
		o += size;
	}
	return p;
}

function propsAt(runs: ParaRun[], fc: number): ParaProps | null {
	let lo = 0;
	let hi = runs.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (runs[mid].fcEnd <= fc) lo = mid + 1;
		else if (runs[mid].fcStart > fc) hi = mid - 1;
		else return runs[mid].props;
	}
	return null;
}

/** Windows-1252's 0x80–0x9F, for 8-bit ("compressed") pieces; the rest is Latin-1. */
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function tokens(word: Uint8Array, pieces: Piece[], paras: ParaRun[], ccpText: number): Token[] {
	const out: Token[] = [];
	let text = '';
	// Fields: 0x13 begin, 0x14 separator, 0x15 end. The instruction (begin → separator) is not
	// text; the result (separator → end) is. A stack, as fields nest.
	const fields: boolean[] = []; // per open field: true while in its instruction
	const inInstruction = () => fields.some((f) => f);
	const flush = () => {
		if (text) out.push({ text });
		text = '';
	};
	for (const piece of pieces) {
		if (piece.cpStart >= ccpText) break;
		const end = Math.min(piece.cpEnd, ccpText);
		for (let cp = piece.cpStart; cp < end; cp++) {
			const fc = piece.compressed ? piece.fc + (cp - piece.cpStart) : piece.fc + (cp - piece.cpStart) * 2;
			if (fc + (piece.compressed ? 1 : 2) > word.length) break;
			let code: number;
			if (piece.compressed) {
				const b = word[fc];
				code = b >= 0x80 && b <= 0x9f ? CP1252.charCodeAt(b - 0x80) : b;
			} else code = u16(word, fc);
			if (code === 0x13) {
				fields.push(true);
				continue;
			}
			if (code === 0x14) {
				if (fields.length) fields[fields.length - 1] = false;
				continue;
			}
			if (code === 0x15) {
				fields.pop();
				continue;
			}
			if (code === 0x0d || code === 0x07) {
				const props = propsAt(paras, fc) ?? { inTable: false, rowEnd: false, depth: 0 };
				flush();
				if (code === 0x07 && props.rowEnd) out.push({ mark: { kind: 'row', edges: props.edges, continued: props.continued, merged: props.merged } });
				else if (code === 0x07) out.push({ mark: { kind: 'cell' } });
				else out.push({ mark: { kind: 'paragraph', inTable: props.inTable || props.depth > 0 } });
				continue;
			}
			if (inInstruction()) continue;
			switch (code) {
				case 0x0b: // line break
				case 0x0c: // page or section break
					text += '\n';
					break;
				case 0x09:
					text += '\t';
					break;
				case 0x1e: // non-breaking hyphen
					text += '\u2011';
					break;
				case 0x1f: // optional hyphen: shown only at a line end
				case 0x01: // picture
				case 0x02: // footnote reference
				case 0x05: // annotation reference
				case 0x08: // drawn object
					break;
				default:
					if (code >= 0x20) text += String.fromCharCode(code);
			}
		}
	}
	flush();
	return out;
}
