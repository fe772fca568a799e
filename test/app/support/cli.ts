// The demo's CLI run in process, as a suite calls it: its exit code and what it wrote to stdout and stderr.
import { runCli } from '../../../apps/license-panel/src/cli/cli-runner.js';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `cli <argv…>` with `env` as its environment. */
export async function cli(env: NodeJS.ProcessEnv | Readonly<Record<string, string>>, ...argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env: env as NodeJS.ProcessEnv, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}
