// Generators of hostile input for property-based tests (fast-check): the strings, numbers,
// dates and shapes that break parsers, validators and queries.
import fc from 'fast-check';

/** Hand-picked troublemakers: SQL and XML metacharacters, look-alikes, impossible dates... */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  "'",
  '"',
  "' OR '1'='1",
  "'; DROP TABLE api_tokens; --",
  '1; SELECT pg_sleep(5)--',
  '%',
  '_',
  '\\',
  '\\x00',
  '\u0000',
  'a\u0000b',
  '\r\n',
  'x\r\nSet-Cookie: a=b',
  '\t',
  '\u007f',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\ud800',
  '<xml>',
  ']]>',
  '<![CDATA[x]]>',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '&amp;&lt;&#0;',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'toString',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1',
  '0',
  '-0',
  '00',
  '0x10',
  '1_000',
  '9007199254740993',
  '99999999999999999999999',
  '１２３',
  '١٢٣',
  '２０２７－０１－０１',
  '2026-02-30',
  '2026-02-29',
  '2025-13-01',
  '2025-00-10',
  '2025-01-32',
  '0000-00-00',
  '9999-12-31',
  '275760-09-13',
  '+275760-09-13T00:00:00Z',
  '2099-12-31T23:59:60Z',
  '1970-01-01',
  '253402300800',
  '8640000000000001',
  'аdmin',
  'ＡＤＭＩＮ',
  'admin\u200b',
  'ｌｉｓｔ',
  'lіst',
  'apitokens ',
  'LIST',
  '999.999.999.999',
  '1.2.3.4/33',
  '1.2.3',
  '01.02.03.04',
  '127.1',
  '0x7f.0.0.1',
  '::ffff:127.0.0.1',
  '::1%eth0',
  'fe80::1%25lo',
  '2001:db8::/129',
  '::',
  '0.0.0.0/0',
  '-',
  '_',
  'L',
  'L0',
  'L-1',
  'G1',
  'P99999999999999',
  'A'.repeat(51),
  'a'.repeat(300),
  'é'.repeat(70),
  '😀'.repeat(30),
];

/** Any text: full Unicode (lone surrogates and control characters included), or a troublemaker. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,50}$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1000, maxLength: 5000 }) },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 2 ** 31, 2 ** 53, 2 ** 64, -(2 ** 63), 1e308, -1e308, 5e-324, 0.5, 1764000000, 253402300800, 8.64e15 + 1),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, biased to the hostile. Nesting is shallow but present. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: hostileString },
    { weight: 2, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(hostileString, tie('value'), { maxKeys: 3 }) },
  ),
})).value;

/** A query-string or form value: one text, or several (a repeated parameter). */
export const hostileParam: fc.Arbitrary<string | string[]> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }) },
);

/** `a=b&c=d` with every value percent-encoded (UTF-8; lone surrogates become U+FFFD). */
export function encodeParams(values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(wellFormed(String(v)))}`);
  }
  return parts.join('&');
}

/** Lone surrogates cannot be percent-encoded: they become U+FFFD, as a browser would send them. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
