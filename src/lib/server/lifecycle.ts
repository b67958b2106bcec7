/**
 * The server's end. adapter-node stops listening on SIGTERM/SIGINT and then waits for the
 * process to have nothing left to do: the control socket and the databases are closed here, or
 * the process would outlive its port. And a server started by `npm start` (NIANBAO_PARENT_PID)
 * stops when that process is gone, however it went (even killed outright): never an orphan.
 */
import type net from 'node:net';
import { resetHost } from './db.js';

/** How often the parent is looked for. */
const PARENT_POLL_MS = 500;

/** How long the server may take to end once told to: then it exits, whatever still runs (a slow client, a request). */
export const SHUTDOWN_DEADLINE_MS = 8000;
const leave = process.exit.bind(process, 0);

/**
 * `stopWork` ends what the server started (parser processes, ingests) at SIGTERM or SIGINT: their
 * handles would keep the process alive (for the parsers' idle minutes, or an ingest's end).
 */
export function endWithServer(control: net.Server, stopWork: () => void): void {
	process.once('sveltekit:shutdown', () => {
		control.close();
		void resetHost();
	});
	for (const signal of ['SIGTERM', 'SIGINT'] as const)
		process.once(signal, () => {
			stopWork();
			setTimeout(leave, SHUTDOWN_DEADLINE_MS).unref();
		});
	const parent = Number(process.env.NIANBAO_PARENT_PID);
	if (!Number.isInteger(parent) || parent <= 1) return;
	const watch = setInterval(() => {
		// An orphan is re-parented (to init or a subreaper): its parent id changes.
		if (process.ppid === parent) return;
		clearInterval(watch);
		process.kill(process.pid, 'SIGTERM'); // adapter-node's own graceful shutdown
	}, PARENT_POLL_MS);
	watch.unref();
}
