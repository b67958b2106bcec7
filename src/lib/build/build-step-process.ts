/**
 * A step of an ingest's build — the checks, or the serving tables — as a job of its own
 * (jobs.ts; build.ts runBuildSteps): the database file and the step in argv, its outcome told.
 */
import { BUILD_STEPS, runBuildStep, type BuildStep, type StepRun } from './build.js';
import { serveJob } from './jobs.js';

await serveJob<StepRun, never>(async () => {
	const [file, step] = process.argv.slice(2);
	if (!BUILD_STEPS.includes(step as BuildStep)) throw new Error(`unknown build step: ${step}`);
	return runBuildStep(file, step as BuildStep);
});
