import { IpMatcher, MAX_FORWARDED_HOPS, normalizeAddress, normalizeRange, parseForwardedEntry, resolveClientAddress, UNRESOLVED_CLIENT_ADDRESS } from './ip.js';

describe('address parsing: one reading only', () => {
  it.each(['010.000.000.000', '127.000.000.010', '010.001.002.003', '01.2.3.4', '1.2.3.04', '00.0.0.0', '0x7f.0.0.1', '127.1', '10', '1.2.3.4.', ' 1.2.3.4'])(
    'refuses the ambiguous or legacy IPv4 text %j',
    (text) => {
      expect(normalizeAddress(text)).toBeNull();
      expect(normalizeRange(`${text}/8`)).toBeNull();
    },
  );

  it('refuses a zero-padded IPv4 part inside IPv6 as well', () => {
    expect(normalizeAddress('::ffff:010.0.0.1')).toBeNull();
    expect(normalizeAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
  });

  it('reads dotted decimal, zero parts included, and IPv6 hex groups with leading zeros', () => {
    expect(normalizeAddress('0.0.0.0')).toBe('0.0.0.0');
    expect(normalizeAddress('10.0.0.10')).toBe('10.0.0.10');
    expect(normalizeAddress('2001:0db8:0000::0001')).toBe('2001:db8::1');
  });

  it('reads prefix lengths in decimal without leading zeros', () => {
    expect(normalizeRange('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(normalizeRange('10.0.0.0/08')).toBeNull();
    expect(normalizeRange('0.0.0.0/0')).toBe('0.0.0.0/0');
    expect(normalizeRange('0.0.0.0/00')).toBeNull();
  });
});

describe('IpMatcher.matchesText (request addresses, remembered once parsed)', () => {
  it('answers the same the first time and every time after, for the addresses it holds and those it does not', () => {
    const matcher = new IpMatcher(['192.0.2.0/24', '2001:db8::/32']);
    const cases: Array<[string, boolean]> = [
      ['192.0.2.7', true],
      ['::ffff:192.0.2.7', true],
      ['2001:db8::1', true],
      ['192.0.3.7', false],
      ['010.0.2.7', false],
      ['garbage', false],
      ['', false],
      ['1'.repeat(100), false],
    ];
    for (let pass = 0; pass < 3; pass++) for (const [text, expected] of cases) expect({ text, pass, matches: matcher.matchesText(text) }).toEqual({ text, pass, matches: expected });
    // Another matcher reading the same remembered addresses decides by its own ranges.
    expect(new IpMatcher(['198.51.100.1']).matchesText('192.0.2.7')).toBe(false);
  });

  it('stays right when more addresses come than it remembers (the memo starts over)', () => {
    const matcher = new IpMatcher(['10.0.0.0/8']);
    for (let i = 0; i < 10_000; i++) {
      const text = `${i % 2 === 0 ? 10 : 11}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      if (matcher.matchesText(text) !== (i % 2 === 0)) throw new Error(`wrong answer for ${text}`);
    }
    expect(matcher.matchesText('10.1.2.3')).toBe(true);
    expect(matcher.matchesText('11.1.2.3')).toBe(false);
  });
});

describe('X-Forwarded-For entries', () => {
  it.each([
    ['1.2.3.4', '1.2.3.4'],
    ['1.2.3.4:5678', '1.2.3.4'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
    [' 1.2.3.4 ', '1.2.3.4'],
    ['[::ffff:1.2.3.4]:80', '1.2.3.4'],
  ])('reads %j as %s', (entry, expected) => {
    expect(parseForwardedEntry(entry)?.toString()).toBe(expected);
  });

  it.each(['', 'unknown', '_hidden', '1.2.3.4:0', '1.2.3.4:65536', '1.2.3.4:08', '1.2.3.4:', '[1.2.3.4]', '[2001:db8::1', '[2001:db8::1]x', '010.0.0.1', '010.0.0.1:80', 'x'.repeat(100)])(
    'refuses %j',
    (entry) => {
      expect(parseForwardedEntry(entry)).toBeNull();
    },
  );
});

describe('resolveClientAddress', () => {
  const trusted = new IpMatcher(['10.0.0.0/8', '2001:db8:ffff::/48']);
  const proxy = '10.0.0.1';
  const walk = (xff: string | string[]): string => resolveClientAddress(proxy, xff, trusted);

  it('believes nothing from an untrusted peer', () => {
    expect(resolveClientAddress('203.0.113.1', '198.51.100.1', trusted)).toBe('203.0.113.1');
    expect(resolveClientAddress('203.0.113.1', 'garbage', new IpMatcher([]))).toBe('203.0.113.1');
  });

  it('takes the first untrusted address from the right', () => {
    expect(walk('198.51.100.1')).toBe('198.51.100.1');
    expect(walk('6.6.6.6, 198.51.100.1, 10.1.1.1')).toBe('198.51.100.1');
    expect(walk('198.51.100.1:5678, [2001:db8:ffff::9]:443')).toBe('198.51.100.1');
  });

  it('reads several header lines as one list', () => {
    expect(walk(['6.6.6.6', '198.51.100.1, 10.1.1.1'])).toBe('198.51.100.1');
    expect(walk(['198.51.100.1', '10.1.1.1'])).toBe('198.51.100.1');
  });

  it('never answers with the proxy, however long the header', () => {
    const long = `${'6.6.6.6, '.repeat(2000)}198.51.100.1`;
    expect(long.length).toBeGreaterThan(4096);
    expect(walk(long)).toBe('198.51.100.1');
    expect(walk(`${'x'.repeat(100_000)}, 198.51.100.1`)).toBe('198.51.100.1');
  });

  it('refuses (never the proxy) when a malformed entry comes before the client', () => {
    for (const xff of ['198.51.100.1, garbage', 'unknown', '198.51.100.1, 010.0.0.1', '', ' , ', '198.51.100.1,,10.1.1.1', '198.51.100.1, 10.1.1.1:99999']) {
      expect(walk(xff)).toBe(UNRESOLVED_CLIENT_ADDRESS);
    }
  });

  it('refuses when more trusted hops than it reads stand right of the client', () => {
    const hops = Array.from({ length: MAX_FORWARDED_HOPS }, (_, i) => `10.2.0.${i + 1}`).join(', ');
    expect(walk(`198.51.100.1, ${hops}`)).toBe(UNRESOLVED_CLIENT_ADDRESS);
    const fewer = Array.from({ length: MAX_FORWARDED_HOPS - 1 }, (_, i) => `10.2.0.${i + 1}`).join(', ');
    expect(walk(`198.51.100.1, ${fewer}`)).toBe('198.51.100.1');
  });

  it('answers the left-most address when every entry is trusted (the request began on a trusted host)', () => {
    expect(walk('10.5.5.5, 10.1.1.1')).toBe('10.5.5.5');
  });

  it('uses the peer when the proxy sent no header, and refuses an unreadable peer', () => {
    expect(resolveClientAddress(proxy, undefined, trusted)).toBe(proxy);
    expect(resolveClientAddress(undefined, '198.51.100.1', trusted)).toBe(UNRESOLVED_CLIENT_ADDRESS);
    expect(resolveClientAddress('::ffff:10.0.0.1', '198.51.100.1', trusted)).toBe('198.51.100.1');
  });
});
