/**
 * The checks of an ingest in a process of their own (build.ts, checkBuildApart): the database
 * file in argv, the outcome to the parent, then the channel closed, which ends the process.
 * When the parent goes first (an ingest killed), this one stops at once: its temporary database
 * is abandoned, and removed by the next ingest.
 */
import { checkBuild, type ChecksMessage } from './build.js';

let reported = false;
process.on('disconnect', () => {
	if (!reported) process.kill(process.pid, 'SIGTERM');
});
const report = (m: ChecksMessage) =>
	new Promise<void>((resolve) =>
		process.send!(m, () => {
			reported = true;
			process.disconnect();
			resolve();
		})
	);

try {
	await report({ done: await checkBuild(process.argv[2]) });
} catch (e) {
	process.exitCode = 1;
	await report({ error: (e as Error).message });
}
