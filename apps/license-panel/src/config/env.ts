// Reading the environment: every variable is optional; a value that is given must be valid.

export class ConfigError extends Error {}

export type Env = NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>>;

/** An integer variable in [min, max]; `fallback` when unset or empty. */
export function intFrom(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be an integer between ${min} and ${max}`);
  return value;
}

/** A variable that must be one of `choices`; `fallback` when unset or empty. */
export function choiceFrom<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${choices.join(', ')}`);
  return raw as T;
}
