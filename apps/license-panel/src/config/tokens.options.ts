// How the panel configures the token library (TOKENS_SECRET, TRUSTED_PROXIES, the cache, the
// failure limit, the refusal delay and the longest token lifetime). The secret is required to be
// strong (secret-strength.ts); when unset, one is generated once and kept in the data folder,
// owner-only.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalRange } from '../common/ip-address.js';
import { ConfigError, intFrom, type Env } from './env.js';
import { secretWeakness } from './secret-strength.js';
import { PRIVATE_FILE_MODE } from './storage.options.js';

export interface FailureLimitConfig {
  /** AUTH_FAILURE_LIMIT: failures per address and window; 0 turns the limit off. @default 20 */
  readonly points: number;
  /** AUTH_FAILURE_WINDOW_SECONDS. @default 60 */
  readonly durationSeconds: number;
  /** AUTH_FAILURE_BLOCK_SECONDS: how long an address over the limit gets 429. @default 300 */
  readonly blockSeconds: number;
}

export interface TokensConfig {
  /** TOKENS_SECRET: keys every credential's hash. @default generated into `<dataDir>/tokens-secret`, with a warning */
  readonly secret: string;
  /** TRUSTED_PROXIES: comma-separated addresses / CIDR ranges whose X-Forwarded-For is read. @default [] */
  readonly trustedProxies: readonly string[];
  /** TOKENS_CACHE_MAX: verification cache entries; 0 turns the cache off. @default 10000 */
  readonly cacheMax: number;
  /** TOKENS_CACHE_TTL_MS: how long a verification is cached (bounds revocation when Redis is down). @default 5000 */
  readonly cacheTtlMs: number;
  /** Failed authentications per address before 429; null: not limited. @default { points: 20, durationSeconds: 60, blockSeconds: 300 } */
  readonly failureLimit: FailureLimitConfig | null;
  /** AUTH_REFUSAL_DELAY_MS: least time before a refusal is answered (hides why it was refused). @default 10 */
  readonly refusalDelayMs: number;
  /** TOKENS_MAX_LIFETIME_DAYS: longest token lifetime (tokens must expire within it); null: no maximum. @default null */
  readonly maxLifetimeDays: number | null;
  /** TOKENS_EVENTS_SCAN_SECONDS: how often the expiry scan looks for tokens and keys to announce; 0 turns it off. @default 300 */
  readonly eventsScanSeconds: number;
}

export function tokensConfigFrom(env: Env, dataDir: string, warn: (message: string) => void): TokensConfig {
  return {
    secret: secretFrom(env, dataDir, warn),
    trustedProxies: (env.TRUSTED_PROXIES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((p) => {
        const range = canonicalRange(p);
        if (!range) throw new ConfigError(`TRUSTED_PROXIES: "${p}" is not an address or CIDR range (IPv4 in dotted decimal, or IPv6)`);
        return range;
      }),
    cacheMax: intFrom(env, 'TOKENS_CACHE_MAX', 10_000, 0, 10_000_000),
    cacheTtlMs: intFrom(env, 'TOKENS_CACHE_TTL_MS', 5000, 1, 3_600_000),
    failureLimit: failureLimitFrom(env),
    refusalDelayMs: intFrom(env, 'AUTH_REFUSAL_DELAY_MS', 10, 0, 10_000),
    maxLifetimeDays: maxLifetimeFrom(env),
    eventsScanSeconds: intFrom(env, 'TOKENS_EVENTS_SCAN_SECONDS', 300, 0, 86_400),
  };
}

function secretFrom(env: Env, dataDir: string, warn: (message: string) => void): string {
  let secret = env.TOKENS_SECRET ?? '';
  let source = 'TOKENS_SECRET';
  if (secret === '') {
    const file = join(dataDir, 'tokens-secret');
    source = file;
    if (existsSync(file)) {
      secret = readFileSync(file, 'utf8').trim();
      chmodSync(file, PRIVATE_FILE_MODE);
    } else {
      secret = randomBytes(32).toString('base64url');
      writeFileSync(file, `${secret}\n`, { mode: PRIVATE_FILE_MODE });
      warn(`TOKENS_SECRET is not set: generated one and kept it in ${file}. Set TOKENS_SECRET in production; changing it invalidates every token.`);
    }
  }
  const weakness = secretWeakness(secret);
  if (weakness) {
    throw new ConfigError(`${source} is too weak: ${weakness}. Use 32 random bytes, e.g. TOKENS_SECRET=$(openssl rand -base64 32)`);
  }
  return secret;
}

function maxLifetimeFrom(env: Env): number | null {
  const days = intFrom(env, 'TOKENS_MAX_LIFETIME_DAYS', 0, 0, 36_500);
  return days === 0 ? null : days;
}

function failureLimitFrom(env: Env): FailureLimitConfig | null {
  const points = intFrom(env, 'AUTH_FAILURE_LIMIT', 20, 0, 1_000_000_000);
  if (points === 0) return null;
  return {
    points,
    durationSeconds: intFrom(env, 'AUTH_FAILURE_WINDOW_SECONDS', 60, 1, 86_400),
    blockSeconds: intFrom(env, 'AUTH_FAILURE_BLOCK_SECONDS', 300, 1, 86_400),
  };
}
