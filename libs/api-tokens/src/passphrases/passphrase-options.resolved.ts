// Defaults and startup checks of the passphrase and registration-attempt options, merged into
// the module's resolved options by `resolveTokensOptions`.
import { CommonPassphraseScreen } from './common-passphrase.screen.js';
import type { PassphraseOptions, RegistrationAttemptOptions } from './passphrase-options.interface.js';
import type { PassphraseScreen } from './passphrase-screen.interface.js';
import type { AttemptPolicy } from './registration-attempt-limiter.interface.js';

export interface ResolvedScryptParameters {
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelization: number;
}

export interface ResolvedPassphraseOptions {
  readonly minLength: number;
  readonly maxLength: number;
  /** Null when screening is off. */
  readonly screen: PassphraseScreen | null;
  /** The library's context words and the application's, lower case (the user name is added per check). */
  readonly contextWords: readonly string[];
  readonly scrypt: ResolvedScryptParameters;
  readonly concurrency: number;
  readonly maxQueue: number;
  readonly maxPerAddress: number;
  readonly throttledHoldMs: number;
}

/** Words of the library's own domain no passphrase may be built on. */
export const LIBRARY_CONTEXT_WORDS: readonly string[] = ['cpanel', 'whm', 'pickup', 'passphrase', 'password', 'token', 'apikey'];

/** OWASP's minimum scrypt parameters (Password Storage Cheat Sheet). */
export const OWASP_MIN_SCRYPT: ResolvedScryptParameters = { cost: 2 ** 17, blockSize: 8, parallelization: 1 };

/** 1 GiB: larger scrypt memory is a configuration mistake, not a security setting. */
const MAX_SCRYPT_MEMORY = 2 ** 30;

/** Whether scrypt parameters ask for more memory (128 · N · r bytes) than the library allows. */
export function exceedsScryptMemory(cost: number, blockSize: number): boolean {
  return 128 * cost * blockSize > MAX_SCRYPT_MEMORY;
}

function positiveInteger(value: number, name: string, min = 1): number {
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`TokensModule: \`${name}\` must be an integer >= ${min}`);
  return value;
}

export function resolveScryptParameters(options: PassphraseOptions['scrypt']): ResolvedScryptParameters {
  const cost = positiveInteger(options?.cost ?? OWASP_MIN_SCRYPT.cost, 'passphrases.scrypt.cost', 2);
  if ((cost & (cost - 1)) !== 0) throw new Error('TokensModule: `passphrases.scrypt.cost` must be a power of two');
  const blockSize = positiveInteger(options?.blockSize ?? OWASP_MIN_SCRYPT.blockSize, 'passphrases.scrypt.blockSize');
  const parallelization = positiveInteger(options?.parallelization ?? OWASP_MIN_SCRYPT.parallelization, 'passphrases.scrypt.parallelization');
  if (exceedsScryptMemory(cost, blockSize) || parallelization > 16) {
    throw new Error('TokensModule: `passphrases.scrypt` asks for more than 1 GiB or p > 16');
  }
  return { cost, blockSize, parallelization };
}

export function resolvePassphraseOptions(options: PassphraseOptions | undefined): ResolvedPassphraseOptions {
  const minLength = positiveInteger(options?.minLength ?? 12, 'passphrases.minLength');
  const maxLength = positiveInteger(options?.maxLength ?? 1024, 'passphrases.maxLength');
  if (maxLength < minLength) throw new Error('TokensModule: `passphrases.maxLength` must be >= `passphrases.minLength`');
  const words = options?.contextWords ?? [];
  if (!Array.isArray(words) || words.some((word) => typeof word !== 'string' || word.trim() === '')) {
    throw new Error('TokensModule: `passphrases.contextWords` must be a list of non-empty strings');
  }
  return {
    minLength,
    maxLength,
    screen: options?.screen === false ? null : (options?.screen ?? new CommonPassphraseScreen(minLength)),
    contextWords: [...new Set([...LIBRARY_CONTEXT_WORDS, ...words.map((word) => word.trim().toLowerCase())])],
    scrypt: resolveScryptParameters(options?.scrypt),
    concurrency: positiveInteger(options?.concurrency ?? 1, 'passphrases.concurrency'),
    maxQueue: positiveInteger(options?.maxQueue ?? 16, 'passphrases.maxQueue', 0),
    maxPerAddress: positiveInteger(options?.maxPerAddress ?? 2, 'passphrases.maxPerAddress'),
    throttledHoldMs: positiveInteger(options?.throttledHoldMs ?? 1000, 'passphrases.throttledHoldMs', 0),
  };
}

export function resolveAttemptPolicy(options: RegistrationAttemptOptions | undefined): AttemptPolicy {
  const policy: AttemptPolicy = {
    freeFailures: positiveInteger(options?.freeFailures ?? 5, 'registrationAttempts.freeFailures', 0),
    baseDelaySeconds: positiveInteger(options?.baseDelaySeconds ?? 1, 'registrationAttempts.baseDelaySeconds'),
    maxDelaySeconds: positiveInteger(options?.maxDelaySeconds ?? 900, 'registrationAttempts.maxDelaySeconds'),
    windowSeconds: positiveInteger(options?.windowSeconds ?? 3600, 'registrationAttempts.windowSeconds'),
    userFailures: positiveInteger(options?.userFailures ?? 20, 'registrationAttempts.userFailures'),
  };
  if (policy.maxDelaySeconds < policy.baseDelaySeconds) {
    throw new Error('TokensModule: `registrationAttempts.maxDelaySeconds` must be >= `baseDelaySeconds`');
  }
  return policy;
}
