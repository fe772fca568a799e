import { bindingWithin, expiryWithin, isWideRange, rangesWithin, rangeWithin, UNBOUND } from './credential-binding.js';

describe('credential bindings', () => {
  it('knows which ranges lie inside which', () => {
    expect(rangeWithin('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(rangeWithin('10.1.0.0/16', '10.0.0.0/8')).toBe(true);
    expect(rangeWithin('10.0.0.0/8', '10.1.0.0/16')).toBe(false);
    expect(rangeWithin('11.0.0.1', '10.0.0.0/8')).toBe(false);
    expect(rangeWithin('0.0.0.0/0', '203.0.113.7')).toBe(false);
    expect(rangeWithin('2001:db8::1', '2001:db8::/32')).toBe(true);
    expect(rangeWithin('2001:db8::1', '10.0.0.0/8')).toBe(false);
    expect(rangeWithin('::/0', '0.0.0.0/0')).toBe(false);
  });

  it('treats "anywhere" (null) as the widest binding and "never" as the latest expiry', () => {
    expect(rangesWithin(null, null)).toBe(true);
    expect(rangesWithin(['1.2.3.4'], null)).toBe(true);
    expect(rangesWithin(null, ['1.2.3.4'])).toBe(false);
    expect(rangesWithin(['1.2.3.4', '5.6.7.8'], ['1.2.3.0/24'])).toBe(false);
    expect(expiryWithin(null, new Date(1))).toBe(false);
    expect(expiryWithin(new Date(1), null)).toBe(true);
    expect(expiryWithin(new Date(2), new Date(1))).toBe(false);
    expect(bindingWithin(UNBOUND, { ranges: ['1.2.3.4'], expiresAt: null })).toBe(false);
    expect(bindingWithin({ ranges: ['1.2.3.4'], expiresAt: new Date(1) }, UNBOUND)).toBe(true);
  });

  it('calls ranges wider than an IPv4 /8 or an IPv6 /32 wide', () => {
    expect(isWideRange('0.0.0.0/0')).toBe(true);
    expect(isWideRange('10.0.0.0/7')).toBe(true);
    expect(isWideRange('10.0.0.0/8')).toBe(false);
    expect(isWideRange('203.0.113.7')).toBe(false);
    expect(isWideRange('::/0')).toBe(true);
    expect(isWideRange('2001:db8::/31')).toBe(true);
    expect(isWideRange('2001:db8::/32')).toBe(false);
  });
});
