// Starting and stopping the processes under test: each in its own child process, on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { onCores } from './cpus.js';

export interface Service {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Everything the process printed so far. */
  readonly output: string[];
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node <script>` with `env` and resolves once its output matches `ready` (the match is
 * returned). Rejects if the process exits first or `timeoutMs` passes.
 */
export interface StartOptions {
  /** @default 120_000 */
  readonly timeoutMs?: number;
  /** Run with NODE_ENV=production (as the benchmark measures the demo). @default true */
  readonly production?: boolean;
  /** The cores it runs on (`taskset -c` list); unset: those of this process. */
  readonly cores?: string | null;
}

export async function startService(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  { timeoutMs = 120_000, production = true, cores = null }: StartOptions = {},
): Promise<{ service: Service; match: RegExpMatchArray }> {
  const port = await freePort();
  const [command, args] = onCores(cores, [process.execPath, script]);
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', ...(production ? { NODE_ENV: 'production' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const service: Service = {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${name} not ready within ${timeoutMs} ms:\n${output.join('')}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output.push(text);
      buffered += text;
      const found = buffered.match(ready);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${output.join('')}`));
    });
  });
  // Keep draining the pipes so the child never blocks on a full one; keep only a tail.
  child.stdout?.on('data', () => output.splice(0, Math.max(0, output.length - 200)));
  return { service, match };
}
