/**
 * A step of an ingest's build — the checks, or the serving tables — in a process of its own
 * (build.ts, runBuildSteps): the database file and the step in argv, the outcome to the parent, then
 * the channel closed, which ends the process.
 * When the parent goes first (an ingest killed), this one stops at once: its temporary database
 * is abandoned, and removed by the next ingest.
 */
import { BUILD_STEPS, runBuildStep, type BuildStep, type StepMessage } from './build.js';

let reported = false;
process.on('disconnect', () => {
	if (!reported) process.kill(process.pid, 'SIGTERM');
});
const report = (m: StepMessage) =>
	new Promise<void>((resolve) =>
		process.send!(m, () => {
			reported = true;
			process.disconnect();
			resolve();
		})
	);

try {
	const [file, step] = process.argv.slice(2);
	if (!BUILD_STEPS.includes(step as BuildStep)) throw new Error(`unknown build step: ${step}`);
	await report({ done: await runBuildStep(file, step as BuildStep) });
} catch (e) {
	process.exitCode = 1;
	await report({ error: (e as Error).message });
}
