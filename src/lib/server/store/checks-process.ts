/**
 * The checks of an ingest in a process of their own (build.ts, checkBuildApart): the database
 * file in argv, the outcome to the parent, then exit. When the parent goes (an ingest killed),
 * this goes too: its temporary database is then abandoned, and removed by the next ingest.
 */
import { checkBuild, type ChecksMessage } from './build.js';

const send = (m: ChecksMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
process.on('disconnect', () => process.exit(1));

try {
	await send({ done: await checkBuild(process.argv[2]) });
	process.exit(0);
} catch (e) {
	await send({ error: (e as Error).message });
	process.exit(1);
}
