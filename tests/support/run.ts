import { spawn } from 'node:child_process';

/** What a finished child process left: exit code (null when killed by a signal) and its whole output. */
export interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/**
 * Runs `command` with `args` to completion, stdin closed, and collects stdout and
 * stderr as UTF-8 text. A non-zero exit is a result, not an error (tests assert exit
 * codes).
 * @param options.env - the child's whole environment (not merged with ours).
 * @param options.cwd - working directory; defaults to ours.
 * @throws if the command cannot be started (e.g. not found).
 */
export function runProcess(
	command: string,
	args: readonly string[],
	options: { env: NodeJS.ProcessEnv; cwd?: string },
): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			env: options.env,
			cwd: options.cwd,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}
