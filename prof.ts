import { readPdf } from '/work/main/src/lib/ingest/readers/pdf.ts';
import { readFileSync } from 'node:fs';
const f = process.argv[2];
const d = await readPdf(new Uint8Array(readFileSync(f)), f);
for (const b of d.blocks) {
  if (b.kind === 'paragraph') console.log('P', b.text.slice(0, 60));
  else for (const r of b.rows) console.log('R', r.map(c => c.text.replace(/\n/g,'/')).join(' | ').slice(0, 200));
}
