// The guard-related options are checked once, at startup, with a message naming the option.
import { resolveTokensOptions } from './tokens-options.resolved.js';
import type { TokensModuleOptions } from './tokens-options.interface.js';

const SECRET = 'options-spec-secret-0123456789-abcdefghij';
const resolve = (options: Partial<TokensModuleOptions>) => resolveTokensOptions({ secret: SECRET, ...options });

describe('guard options', () => {
  it('defaults: the library list of proxies (empty), no extra public keys, no mapper', () => {
    expect(resolve({})).toMatchObject({ trustedProxies: [], publicMetadataKeys: [], principalMapper: null });
  });

  it("accepts trustedProxies: 'framework' or a list, and nothing else", () => {
    expect(resolve({ trustedProxies: 'framework' }).trustedProxies).toBe('framework');
    expect(resolve({ trustedProxies: ['10.0.0.0/8'] }).trustedProxies).toEqual(['10.0.0.0/8']);
    expect(() => resolve({ trustedProxies: 'express' as never })).toThrow('trustedProxies must be a list');
    expect(() => resolve({ trustedProxies: [42] as never })).toThrow('trustedProxies must be a list');
  });

  it('accepts string and symbol metadata keys, and refuses empty or other keys', () => {
    const key = Symbol('public');
    expect(resolve({ publicMetadataKeys: ['isPublic', key] }).publicMetadataKeys).toEqual(['isPublic', key]);
    expect(() => resolve({ publicMetadataKeys: [''] })).toThrow('publicMetadataKeys');
    expect(() => resolve({ publicMetadataKeys: [{}] as never })).toThrow('publicMetadataKeys');
    expect(() => resolve({ publicMetadataKeys: 'isPublic' as never })).toThrow('publicMetadataKeys');
  });

  it('accepts a principalMapper with toPrincipal only', () => {
    const mapper = { toPrincipal: () => null };
    expect(resolve({ principalMapper: mapper }).principalMapper).toBe(mapper);
    expect(() => resolve({ principalMapper: {} as never })).toThrow('principalMapper must have a toPrincipal');
    expect(() => resolve({ principalMapper: (() => null) as never })).toThrow('principalMapper must have a toPrincipal');
  });
});
