/**
 * A stored file's provenance (report/provenance.ts), read beside it when the file is read: the
 * publication date it gives stands before the one the file states. A provenance file that is
 * missing, too large or malformed gives nothing (the file's own date stands); it is never an error.
 */
import { readFile, stat } from 'node:fs/promises';
import type { ParseOutcome, Parser } from '../ingest/pool.js';
import { MAX_PROVENANCE_BYTES, ProvenanceSchema, provenancePath, publicationOf, type Provenance } from '../report/provenance.js';

export async function readProvenance(file: string): Promise<Provenance | null> {
	const p = provenancePath(file);
	const s = await stat(p).catch(() => null);
	if (!s?.isFile() || s.size > MAX_PROVENANCE_BYTES) return null;
	try {
		const parsed = ProvenanceSchema.safeParse(JSON.parse(await readFile(p, 'utf8')));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

/** A parser whose reports carry the publication date their provenance gives. */
export function withProvenance(parser: Parser): Parser {
	return {
		...parser,
		parse: async (file: string): Promise<ParseOutcome> => {
			const o = await parser.parse(file);
			if (!o.report) return o;
			return { ...o, report: { ...o.report, published: publicationOf(await readProvenance(file), o.report.published) } };
		},
		close: () => parser.close(),
		pids: () => parser.pids(),
		warm: () => parser.warm()
	};
}
