/**
 * The ingests a registry change asks for, so that the dashboard follows the file: each waits its
 * turn in the server's one queue of ingests (ingest-queue.ts, shared with uploads' commits).
 * Changes made while one waits share it: it reads the registry as it is when its turn comes.
 * Kept in memory (the last 100): the registry file is what lasts, and a server started again on a
 * database older than it ingests first (`npm start`: build/ingest.ts isStale).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Host } from '../db.js';
import { enqueue, ingestChild } from '../ingest-queue.js';
import { stageFraction } from '../../upload/stage.js';
import { audit } from '../workbench/audit.js';

export const INGEST_STATES = ['queued', 'ingesting', 'done', 'failed'] as const;

export interface RegistryIngest {
	id: string;
	state: (typeof INGEST_STATES)[number];
	progress: number;
	/** The ingest's summary line, once done. */
	summary: string | null;
	error: string | null;
}

export const IngestId = z.string().regex(/^[0-9a-f]{16}$/, '更新编号无效');

const KEPT = 100;
const jobs = new Map<string, RegistryIngest>();
/** The job queued and not yet started, which a change made now joins. */
let waiting: RegistryIngest | null = null;

/** An ingest after the registry changed: the one waiting to start, or a new one at the end of the queue. */
export function requestIngest(h: Host, actor: string): RegistryIngest {
	if (waiting) return waiting;
	const job: RegistryIngest = { id: randomBytes(8).toString('hex'), state: 'queued', progress: 0, summary: null, error: null };
	jobs.set(job.id, job);
	for (const old of jobs.keys()) if (jobs.size > KEPT) jobs.delete(old);
	waiting = job;
	enqueue(async () => {
		if (waiting === job) waiting = null;
		job.state = 'ingesting';
		try {
			job.summary = await ingestChild(h, (stage) => (job.progress = stageFraction(stage)));
			job.progress = 1;
			job.state = 'done';
		} catch (e) {
			job.error = `入库失败：${(e as Error).message}`.slice(0, 1000);
			job.state = 'failed';
		}
		await h
			.write((c) => audit(c, { actor, action: `registry.ingest_${job.state}`, target: `ingest:${job.id}`, after: { summary: job.summary, error: job.error } }))
			.catch(() => {});
	});
	return job;
}

export function registryIngest(id: string): RegistryIngest | null {
	const job = jobs.get(id);
	return job ? { ...job } : null;
}
