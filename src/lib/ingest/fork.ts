/**
 * A module beside the caller, started as a child process with an IPC channel. The loader that
 * runs the caller runs the child too: under tsx (the CLIs, the tests) the sibling is a .ts file
 * started with `--import tsx`; in a build it is the compiled .js, started bare.
 */
import { fork, type ChildProcess, type StdioOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function forkSibling(callerUrl: string, name: string, args: string[], stdio: StdioOptions): ChildProcess {
	const ts = callerUrl.endsWith('.ts');
	const file = fileURLToPath(new URL(`./${name}.${ts ? 'ts' : 'js'}`, callerUrl));
	return fork(file, args, { execArgv: ts ? ['--import', 'tsx'] : [], serialization: 'advanced', stdio });
}
