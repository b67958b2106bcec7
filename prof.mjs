import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readFileSync } from 'node:fs';
const data = new Uint8Array(readFileSync(process.argv[2]));
const t = performance.now();
const doc = await getDocument({ data, verbosity: 0 }).promise;
console.log('pages', doc.numPages);
for (let p = 1; p <= Math.min(doc.numPages, 3); p++) {
  const page = await doc.getPage(p);
  const tc = await page.getTextContent();
  console.log('page', p, 'items', tc.items.length, page.view);
  for (const it of tc.items.slice(0, 400)) if (it.str.trim()) console.log(Math.round(it.transform[4]), Math.round(it.transform[5]), Math.round(it.width), Math.round(it.height), JSON.stringify(it.str));
}
console.log('ms', performance.now() - t);
