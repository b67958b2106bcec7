/**
 * The generated corpus's two lists, written as the corpus is, row by row, so that a nation of
 * agencies is never held in memory: the registry (agencies.csv) and the truth file (truth.json,
 * the same JSON as `JSON.stringify(truth, null, 1)` would give, an element at a time).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { GeneratedAgency } from './region.js';

/** Text appended to a file through a buffer of about 64 KB. */
class Appender {
	private fd: number;
	private parts: string[] = [];
	private size = 0;

	constructor(file: string) {
		this.fd = openSync(file, 'w');
	}

	write(text: string) {
		this.parts.push(text);
		this.size += text.length;
		if (this.size >= 1 << 16) this.flush();
	}

	private flush() {
		if (this.parts.length) writeSync(this.fd, this.parts.join(''));
		this.parts = [];
		this.size = 0;
	}

	close() {
		this.flush();
		closeSync(this.fd);
	}
}

/** The registry of the generated agencies: id, name, level, parent, region (and no aliases). */
export class RegistryFile {
	private out: Appender;

	constructor(file: string) {
		this.out = new Appender(file);
		this.out.write('id,name,level,parent_id,region,aliases\n');
	}

	add(a: GeneratedAgency) {
		this.out.write([a.id, a.name, a.level, a.parent_id ?? '', a.region, ''].join(',') + '\n');
	}

	close() {
		this.out.close();
	}
}

/** `{ seed, years, anomalies: [...] }`, one anomaly at a time, indented as JSON.stringify(…, null, 1) does. */
export class TruthFile<T> {
	private out: Appender;
	private count = 0;

	constructor(file: string, head: { seed: number | string; years: [number, number] }) {
		this.out = new Appender(file);
		const opening = JSON.stringify({ ...head, anomalies: [] }, null, 1);
		this.out.write(opening.slice(0, opening.lastIndexOf(']')));
	}

	add(anomaly: T) {
		this.out.write((this.count++ ? ',\n' : '\n') + JSON.stringify(anomaly, null, 1).replace(/^/gm, '  '));
	}

	get size(): number {
		return this.count;
	}

	close() {
		this.out.write((this.count ? '\n ]' : ']') + '\n}\n');
		this.out.close();
	}
}
