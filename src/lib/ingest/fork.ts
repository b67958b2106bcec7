/**
 * A module beside the caller, started as a child process with an IPC channel. The loader that
 * runs the caller runs the child too: under tsx (the CLIs, the tests) the sibling is a .ts file
 * started with `--import tsx`; in a build it is the compiled .js, started bare.
 */
import { fork, type ChildProcess, type StdioOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Node's flags for every process of an ingest (the CLIs' scripts in package.json say the same).
 * V8 lets the heap grow past what stays live by a factor it derives from the heap's limit: under
 * Node's default here (4 GB) the load's heap grew to ~2.5 times what stayed live before a major
 * collection, so its peaks followed the registry (45 MB live for a nation's 170,000 agencies).
 * Under 512 MB the factor is ~1.4. The load of 137,000 files with the national registry, DuckDB
 * at 128 MB: heap 106–179 → 100–115 MB, peak RSS 524 → 430 MB (420 MB with the corpus's own
 * registry of 20,000 agencies, without the limit). 512 MB is still six times the most any step
 * holds live.
 */
export const BUILD_NODE_FLAGS = ['--max-old-space-size=512'];

/** The file of the module `name` beside the caller: .ts under tsx, the compiled .js in a build. */
export function siblingModule(callerUrl: string, name: string): string {
	return fileURLToPath(new URL(`./${name}.${callerUrl.endsWith('.ts') ? 'ts' : 'js'}`, callerUrl));
}

/** A module's file started as a process of the ingest (a .ts one through tsx), with an IPC channel. */
export function forkModule(file: string, args: string[], stdio: StdioOptions): ChildProcess {
	const ts = file.endsWith('.ts');
	return fork(file, args, { execArgv: [...BUILD_NODE_FLAGS, ...(ts ? ['--import', 'tsx'] : [])], serialization: 'advanced', stdio });
}

export function forkSibling(callerUrl: string, name: string, args: string[], stdio: StdioOptions): ChildProcess {
	return forkModule(siblingModule(callerUrl, name), args, stdio);
}
