// The memory-hard hash of pickup passphrases: scrypt (node:crypto, on libuv's thread pool, so
// off the event loop) under a bounded semaphore. The salt is derived per user from the server
// secret, which makes the hash deterministic per (user, passphrase): registration finds a match
// with ONE scrypt and one indexed lookup, however many passphrases the user has, and an unknown
// user costs exactly the same. Without the server secret a stolen table cannot even be attacked
// offline, because the salts are unknown. Owners creating passphrases go first; anonymous
// registrations get a bounded share per client address.
import { createHmac, scrypt } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { TokensError } from '../errors/tokens.error.js';
import { RESOLVED_TOKENS_OPTIONS } from '../tokens.internal-constants.js';
import type { ResolvedTokensOptions } from '../tokens-options.resolved.js';
import { BoundedSemaphore, SemaphoreFullError, type SemaphoreRunOptions } from './bounded-semaphore.js';
import { exceedsScryptMemory, OWASP_MIN_SCRYPT, type ResolvedScryptParameters } from './passphrase-options.resolved.js';

/** Computes the stored hash of a passphrase for `owner` under the parameters `params`. */
export type PassphraseDerive = (owner: string, passphrase: string, params: string) => Promise<string>;

const KEY_LENGTH = 32;
/** `scrypt-v1`: salt = HMAC-SHA-256(secret, 'passphrase-salt:' + owner), 32-byte key, hex. */
const PARAMS = /^scrypt-v1:N=(\d{1,8}),r=(\d{1,3}),p=(\d{1,2})$/;
/** Seconds a client is told to wait when every hashing slot and the queue are taken. */
const BUSY_RETRY_AFTER_SECONDS = 1;

export function formatScryptParams(p: ResolvedScryptParameters): string {
  return `scrypt-v1:N=${p.cost},r=${p.blockSize},p=${p.parallelization}`;
}

export function parseScryptParams(value: string): ResolvedScryptParameters | null {
  const m = PARAMS.exec(value);
  if (!m) return null;
  const cost = Number(m[1]);
  const blockSize = Number(m[2]);
  const parallelization = Number(m[3]);
  if (cost < 2 || (cost & (cost - 1)) !== 0 || blockSize < 1 || parallelization < 1) return null;
  if (exceedsScryptMemory(cost, blockSize)) return null;
  return { cost, blockSize, parallelization };
}

@Injectable()
export class PassphraseHasher {
  private readonly logger = new Logger('TokensModule');
  private readonly semaphore: BoundedSemaphore;
  private readonly secret: string;
  private runs = 0;
  /** Parameters of new hashes, as stored in the `params` column. */
  readonly currentParams: string;

  constructor(@Inject(RESOLVED_TOKENS_OPTIONS) options: ResolvedTokensOptions) {
    const { scrypt: params, concurrency, maxQueue, maxPerAddress } = options.passphrases;
    this.secret = options.secret;
    this.semaphore = new BoundedSemaphore(concurrency, maxQueue, maxPerAddress);
    this.currentParams = formatScryptParams(params);
    if (
      params.cost < OWASP_MIN_SCRYPT.cost ||
      params.blockSize < OWASP_MIN_SCRYPT.blockSize ||
      params.parallelization < OWASP_MIN_SCRYPT.parallelization
    ) {
      this.logger.warn(`passphrase hashing below OWASP's minimum (${this.currentParams}): acceptable in tests only`);
    }
  }

  /** scrypt runs since start (metrics; tests prove one registration costs one run). */
  get derivations(): number {
    return this.runs;
  }

  /**
   * Hash of a new passphrase under the current parameters, computed in a slot of the priority
   * lane: the owner creating it (authenticated) never waits behind anonymous registrations.
   */
  hashNew(owner: string, passphrase: string): Promise<{ hash: string; params: string }> {
    return this.withSlot(async (derive) => ({ hash: await derive(owner, passphrase, this.currentParams), params: this.currentParams }), { priority: true });
  }

  /**
   * Runs `work` holding one hashing slot; hashes can be derived only inside it. Callers that
   * must decide something before the hash (attempt limits) do it inside, so queued requests see
   * the outcome of the ones ahead of them. Anonymous work names its client (`key`: an address,
   * IPv6 per /64), whose share of running and waiting checks is `passphrases.maxPerAddress`.
   * @throws TokensError `BUSY` (503) when every slot is taken and the lane's queue is full, or the key's share is used
   */
  async withSlot<T>(work: (derive: PassphraseDerive) => Promise<T>, options: SemaphoreRunOptions = {}): Promise<T> {
    try {
      return await this.semaphore.run(() => work((owner, passphrase, params) => this.derive(owner, passphrase, params)), options);
    } catch (error) {
      if (error instanceof SemaphoreFullError) throw TokensError.busy(BUSY_RETRY_AFTER_SECONDS);
      throw error;
    }
  }

  private derive(owner: string, passphrase: string, params: string): Promise<string> {
    const parsed = parseScryptParams(params);
    if (parsed === null) return Promise.reject(new Error(`unsupported passphrase hash parameters: ${params}`));
    const { cost: N, blockSize: r, parallelization: p } = parsed;
    const salt = createHmac('sha256', this.secret).update(`passphrase-salt:${owner}`).digest();
    // OpenSSL needs 128·r·(N + p + 2) bytes; the rest is headroom.
    const maxmem = 128 * r * (N + p + 2) + 1024 * 1024;
    this.runs++;
    return new Promise((resolve, reject) => {
      scrypt(passphrase, salt, KEY_LENGTH, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key.toString('hex'))));
    });
  }
}
