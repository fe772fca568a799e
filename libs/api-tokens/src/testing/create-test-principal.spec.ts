import type { PrivilegeId } from '../privileges/privilege-definition.interface.js';
import { createTestPrincipal } from './create-test-principal.js';

describe('createTestPrincipal', () => {
  it('is a full-access API-token principal by default', () => {
    expect(createTestPrincipal()).toEqual({
      user: 'test-user',
      credential: { kind: 'api-token', id: 'test-credential', name: 'test' },
      fullAccess: true,
      privileges: [],
      ip: '127.0.0.1',
    });
  });

  it('is limited to the privileges given, unless told it has full access', () => {
    expect(createTestPrincipal({ user: 'alice', privileges: ['reports'] })).toMatchObject({ user: 'alice', fullAccess: false, privileges: ['reports'] });
    expect(createTestPrincipal({ privileges: ['reports'], fullAccess: true })).toMatchObject({ fullAccess: true, privileges: ['reports'] });
  });

  it('stands for an authorization key with its service', () => {
    const key = createTestPrincipal({ kind: 'authorization-key', name: 'backup', id: 'k1', ip: '192.0.2.7', privileges: ['list'] });
    expect(key.credential).toEqual({ kind: 'authorization-key', id: 'k1', service: 'backup' });
    expect(key.ip).toBe('192.0.2.7');
  });

  it('copies the privileges: changing the input later changes nothing', () => {
    const privileges: PrivilegeId[] = ['reports'];
    const principal = createTestPrincipal({ privileges });
    privileges.push('apitokens');
    expect(principal.privileges).toEqual(['reports']);
  });
});
