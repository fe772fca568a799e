// Which cores the processes under test and the load generator run on (`BENCH_PIN`).
//
// On a small machine the server and autocannon share the cores, and the scheduler moves them
// between them: the server's CPU per request then depends on what the load generator did on the
// same core a moment before (caches, migrations), and the paired differences spread by hundreds of
// µs. Pinned, the server has its own core and the load generator the others, so a row and its
// unguarded run differ by what the server did and little else. `taskset` (util-linux) sets the
// affinity; without it, or with one core, nothing is pinned and the run says so.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface CpuPlan {
  /** Cores of the processes under test (`taskset -c` list), or null: not pinned. */
  readonly server: string | null;
  /** Cores of this process (the load generator). */
  readonly load: string | null;
  /** Every core: the revocation instances and the services the rows do not measure. */
  readonly all: string;
  /** One line for the run's header. */
  readonly description: string;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function planCpus(setting: string | undefined, cores = availableParallelism()): CpuPlan {
  const all = `0-${cores - 1}`;
  const mode = setting ?? 'auto';
  if (mode !== 'auto' && mode !== '0' && mode !== '1') throw new Error('BENCH_PIN must be auto, 1 or 0');
  const unpinned = (why: string): CpuPlan => ({ server: null, load: null, all, description: `not pinned (${why})` });
  if (mode === '0') return unpinned('BENCH_PIN=0');
  if (cores < 2) return unpinned('one core');
  if (!hasTaskset()) {
    if (mode === '1') throw new Error('BENCH_PIN=1 needs taskset (util-linux)');
    return unpinned('no taskset');
  }
  const load = cores === 2 ? '1' : `1-${cores - 1}`;
  return { server: '0', load, all, description: `server on core 0, load generator on core${cores === 2 ? '' : 's'} ${load}` };
}

/** The command that starts `argv` on `cores` (unchanged when `cores` is null). */
export function onCores(cores: string | null, argv: readonly string[]): [string, string[]] {
  if (cores === null) return [argv[0] as string, argv.slice(1)];
  return ['taskset', ['-c', cores, ...argv]];
}

/** Moves every thread of this process to `cores` (no-op when null). */
export function pinSelf(cores: string | null): void {
  if (cores !== null) execFileSync('taskset', ['-a', '-p', '-c', cores, String(process.pid)], { stdio: 'ignore' });
}

/** Moves other processes (a database server's backends) to `cores`; those that ended are skipped. */
export function pinProcesses(pids: readonly number[], cores: string | null): void {
  if (cores === null) return;
  for (const pid of pids) {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
    } catch {
      // Gone, or not ours to move: it then runs where the scheduler puts it.
    }
  }
}
