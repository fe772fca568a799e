import { scrubDetails } from './audit-details.js';

describe('scrubDetails', () => {
  it('drops fields named like secrets, whatever their value', () => {
    const out = scrubDetails({ token: 'T', passphrase: 'p', pickup: 'p', apikey: 'k', key: 'k', clientSecret: 's', password: 'x', name: 'ok' });
    expect(out).toEqual({ name: 'ok' });
  });

  it('bounds sizes and strips control characters', () => {
    const out = scrubDetails({ long: 'x'.repeat(1000), ctl: 'a\u0000b\nc', list: Array.from({ length: 500 }, (_, i) => i), nested: { a: 1 } as never });
    expect((out.long as string).length).toBeLessThanOrEqual(200);
    expect(out.ctl).toBe('a?b?c');
    expect((out.list as number[]).length).toBe(100);
    expect(out).not.toHaveProperty('nested');
  });
  it('redacts any value shaped like a token or a key, whatever its field is called', () => {
    const out = scrubDetails({ name: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', service: ' ABCDEFGHIJKLMNOPQRST ', names: ['ok', 'ABCDEFGHIJKLMNOPQRST'], fine: 'ABCDEFGHIJKLMNOPQRS' });
    expect(out).toEqual({ name: '[redacted]', service: '[redacted]', names: ['ok', '[redacted]'], fine: 'ABCDEFGHIJKLMNOPQRS' });
  });
});
