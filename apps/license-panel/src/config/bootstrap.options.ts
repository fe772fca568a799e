// The first start: the `admin` account and one full-access bootstrap token, printed once.

export interface BootstrapOptions {
  /** BOOTSTRAP_TOKEN_OUTPUT=none keeps the token off stdout (tests read it another way). @default true */
  readonly print: boolean;
  /**
   * How long the bootstrap token lives. It is full access and lands in a log, so it is for the
   * first session only; what it creates expires with it, so lasting tokens come from the CLI.
   * @default 24 hours
   */
  readonly lifetimeMs: number;
}

export const BOOTSTRAP_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export function bootstrapOptionsFrom(env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>>): BootstrapOptions {
  return { print: env.BOOTSTRAP_TOKEN_OUTPUT !== 'none', lifetimeMs: BOOTSTRAP_TOKEN_LIFETIME_MS };
}
