// Privileges known to clients by other names (WHM ACLs, say): declared with the privilege,
// checked at startup, and resolved both ways by the catalog.
import { resolveTokensOptions } from '../tokens-options.resolved.js';
import type { PrivilegeDefinition } from './privilege-definition.interface.js';
import { PrivilegeCatalog } from './privilege-catalog.js';

const SECRET = 'aliases-spec-secret-0123456789-abcdefghij';
const catalogOf = (privileges: PrivilegeDefinition[]): PrivilegeCatalog => new PrivilegeCatalog(resolveTokensOptions({ secret: SECRET, privileges }));

describe('privilege aliases', () => {
  it('resolves an alias to its privilege, and a privilege to its first alias', () => {
    const catalog = catalogOf([
      { id: 'list', label: 'List', aliases: ['list-items', 'ls'] },
      { id: 'add', label: 'Add' },
      { id: 'apitokens', label: 'Manage API Tokens', aliases: ['manage-api-tokens'] },
    ]);
    expect(catalog.fromAlias('list-items')).toBe('list');
    expect(catalog.fromAlias('ls')).toBe('list');
    expect(catalog.fromAlias('manage-api-tokens')).toBe('apitokens');
    expect(catalog.aliasOf('list')).toBe('list-items');
    expect(catalog.aliasOf('add')).toBeUndefined();
    // An id is not an alias of itself, and unknown names resolve to nothing.
    expect(catalog.fromAlias('list')).toBeUndefined();
    expect(catalog.fromAlias('nope')).toBeUndefined();
  });

  it('refuses at startup an alias that is malformed, an id, or taken twice', () => {
    expect(() => catalogOf([{ id: 'list', label: 'List', aliases: ['Bad Alias'] }])).toThrow('invalid alias "Bad Alias" of privilege "list"');
    expect(() => catalogOf([{ id: 'list', label: 'List', aliases: [''] }])).toThrow('invalid alias');
    expect(() => catalogOf([{ id: 'list', label: 'L' }, { id: 'add', label: 'A', aliases: ['list'] }])).toThrow('already an id or an alias');
    expect(() => catalogOf([{ id: 'add', label: 'A', aliases: ['apitokens'] }])).toThrow('already an id or an alias');
    expect(() => catalogOf([{ id: 'list', label: 'L', aliases: ['x'] }, { id: 'add', label: 'A', aliases: ['x'] }])).toThrow('already an id or an alias');
    expect(() => catalogOf([{ id: 'list', label: 'L', aliases: 'x' as never }])).toThrow('must be a list');
  });
});
