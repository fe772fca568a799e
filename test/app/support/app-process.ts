// The built demo app as a child process on a free port, for suites that run several instances
// against one database and one Redis (`npm run build` first).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(process.cwd());
const MAIN = join(ROOT, 'dist/apps/license-panel/src/main.js');

export interface AppProcess {
  readonly url: string;
  readonly output: string[];
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => ok(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the built app and resolves with the match of `ready` in its output. */
export async function startAppProcess(env: Record<string, string>, ready: RegExp): Promise<{ instance: AppProcess; match: RegExpMatchArray }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const instance: AppProcess = {
    url: `http://127.0.0.1:${port}`,
    output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
  const match = await new Promise<RegExpMatchArray>((ok, fail) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`app not ready in 60 s:\n${output.join('')}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      text += chunk.toString();
      const found = text.match(ready);
      if (found) {
        clearTimeout(timer);
        ok(found);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`app exited (${code}):\n${output.join('')}`));
    });
  });
  return { instance, match };
}
