// The built demo app as a child process on a free port, and two of them on one PostgreSQL
// database and one Redis, for the multi-instance suites (the build is made current first).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, REDIS_URL, type TestDatabase } from '../../support/databases.js';

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

/** The newest modification time of the files below `dir` (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * Makes the build current (tsc, library then app) once, whichever suite asks first: suites that run
 * in parallel workers take a lock (a directory: its creation is atomic), and the build is skipped
 * when it is newer than every source, so no process starts from files another is rewriting.
 */
async function buildOnce(): Promise<void> {
  const lock = join(ROOT, 'dist.build-lock');
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than the longest build is left over from a killed run.
      if (waited > 300_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    const sources = Math.max(newest(join(ROOT, 'libs/api-tokens/src')), newest(join(ROOT, 'apps/license-panel/src')));
    if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < sources) {
      execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** What `useTwoAppProcesses` gives a suite; the fields are set once the suite's `beforeAll` ran. */
export interface TwoAppProcesses {
  /** The instance that printed the bootstrap token. */
  readonly first: AppProcess;
  readonly second: AppProcess;
  /** The bootstrap token of `admin`. */
  readonly admin: string;
  /** The REDIS_PREFIX both instances run with (the suite's own namespace in the shared Redis). */
  readonly redisPrefix: string;
}

/**
 * Two instances of the built app sharing a PostgreSQL database of their own, Redis and the
 * secret, for the describe it is called in. The cache TTL is a minute and failed sign-ins are
 * not limited, so a refusal sooner than that can only come from what the instances share; `env`
 * adds to (or overrides) that environment.
 */
export function useTwoAppProcesses(env: Readonly<Record<string, string>> = {}): TwoAppProcesses {
  const state = {} as { first: AppProcess; second: AppProcess; admin: string; redisPrefix: string };
  let db: TestDatabase | undefined;
  let dirs: string[] = [];
  const instances: AppProcess[] = [];

  beforeAll(async () => {
    // The processes run the build: make it current.
    await buildOnce();
    const database = (db = await createTestDatabase('postgres'));
    const secret = randomBytes(32).toString('base64url');
    const prefix = (state.redisPrefix = `test-panel-${randomBytes(4).toString('hex')}`);
    const envFor = (dir: string): Record<string, string> => ({
      DATABASE_URL: database.url,
      REDIS_URL,
      // The suite's own namespace in the shared Redis: suites in other workers count apart.
      REDIS_PREFIX: prefix,
      TOKENS_SECRET: secret,
      DATA_DIR: dir,
      TOKENS_CACHE_TTL_MS: '60000',
      AUTH_FAILURE_LIMIT: '0',
      ...env,
    });
    dirs = [mkdtempSync(join(tmpdir(), 'tokens-mi-a-')), mkdtempSync(join(tmpdir(), 'tokens-mi-b-'))];
    const a = await startAppProcess(envFor(dirs[0] as string), /Bootstrap token for admin \(.*?\): ([0-9A-Z]{32})/);
    instances.push(a.instance);
    state.first = a.instance;
    state.admin = a.match[1] as string;
    const b = await startAppProcess(envFor(dirs[1] as string), /License panel on/);
    instances.push(b.instance);
    state.second = b.instance;
  }, 240_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await db?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  return state;
}
