// How much a TOKENS_SECRET can be trusted to carry, estimated from the text alone. The secret keys
// every token's and key's HMAC: one with little entropy lets whoever holds a database dump (or one
// token) find it offline, and then forge every credential.
//
// The estimate is the secret's length × the Shannon entropy of its character frequencies, plus
// the Miller–Madow correction ((k − 1) / 2 ln 2 bits for k distinct characters), which removes the
// plug-in estimator's known low bias on short strings; it is then about the true entropy of a
// random secret: 32 random hex characters (128 bits) estimate at 101–137 bits, 43 characters of
// `openssl rand -base64 32` at 204–253 (2,000 draws each). It ignores the order of characters, so
// for a chosen string it is only an upper bound: a secret that is one piece repeated
// ("passwordpassword…", "0123456789012…") is refused on that ground as well.
//
// The floor, 96 bits, sits under the whole spread of a random 32-character hex secret and above
// what degenerate ones reach (32 identical characters: 0; two alternating: 33).

export const MIN_SECRET_LENGTH = 32;
export const MIN_SECRET_BITS = 96;

export function estimateSecretBits(secret: string): number {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  return chars.length * perChar + (counts.size - 1) / (2 * Math.LN2);
}

/** The length of the shortest piece the secret repeats (its own length when it repeats none). */
export function smallestPeriod(secret: string): number {
  for (let p = 1; p <= secret.length / 2; p++) {
    let repeats = true;
    for (let i = p; i < secret.length && repeats; i++) repeats = secret[i] === secret[i - p];
    if (repeats) return p;
  }
  return secret.length;
}

/** Why the secret is too weak, or null when it is acceptable. */
export function secretWeakness(secret: string): string | null {
  if (secret.length < MIN_SECRET_LENGTH) return `it is ${secret.length} characters long, at least ${MIN_SECRET_LENGTH} are needed`;
  const period = smallestPeriod(secret);
  if (period < secret.length) return `it repeats a piece of ${period} character${period === 1 ? '' : 's'}`;
  const bits = estimateSecretBits(secret);
  if (bits < MIN_SECRET_BITS) return `it carries about ${Math.floor(bits)} bits of entropy, at least ${MIN_SECRET_BITS} are needed`;
  return null;
}
