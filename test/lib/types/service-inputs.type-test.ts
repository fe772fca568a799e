// Type-level test of the library's public inputs: compiled by `npm run typecheck` twice — with
// the sources, and against the shipped declarations under `strict`, `exactOptionalPropertyTypes`
// and `skipLibCheck: false` (test/lib/types/tsconfig.dts.json). Never run: every `@ts-expect-error`
// line must stay an error, every other line must compile.
import type * as Library from 'nestjs-api-tokens';
import type {
  ApiTokensService,
  AuditLogService,
  AuthorizationKeysService,
  CredentialModificationInput,
  PickupPassphrasesService,
  Principal,
  PrivilegeId,
  TokensModuleOptions,
} from 'nestjs-api-tokens';

declare module 'nestjs-api-tokens' {
  interface PrivilegeIdRegistry {
    reports: true;
  }
  interface AuditActionRegistry {
    'report.export': true;
  }
}

declare const tokens: ApiTokensService;
declare const keys: AuthorizationKeysService;
declare const passphrases: PickupPassphrasesService;
declare const audit: AuditLogService;
declare const me: Principal;

export async function typedInputs(): Promise<void> {
  await tokens.create(me, { name: 'ci', privileges: ['reports'], allowedIps: ['192.0.2.0/24'], expiresAt: '2099-01-01' });
  await tokens.create('alice', { name: 'full', expiresAt: undefined, privileges: undefined, allowWideRanges: undefined });
  // @ts-expect-error a token name is text
  await tokens.create(me, { name: 42 });
  // @ts-expect-error a privilege id must be declared (typo)
  await tokens.create(me, { name: 'x', privileges: ['reports.raed'] });
  // @ts-expect-error addresses are text
  await tokens.create(me, { name: 'x', allowedIps: [7] });
  // @ts-expect-error the wide-range opt-in is a boolean
  await tokens.create(me, { name: 'x', allowWideRanges: 'yes' });
  await tokens.rename(me, 'ci', 'ci-2');
  // @ts-expect-error names are text
  await tokens.rename(me, 'ci', 3);
  await tokens.revoke(me, ['ci-2']);
  await tokens.revoke(me, ['ci-2', 'gone'], { ignoreUnknown: true });
  // @ts-expect-error the option is a boolean
  await tokens.revoke(me, ['ci-2'], { ignoreUnknown: 'yes' });
  await tokens.update(me, 'ci', { newName: 'ci-3', privileges: ['reports'], allowedIps: null, expiresAt: null });
  await tokens.update('alice', 'ci', { privileges: null, expiresAt: undefined, allowWideRanges: undefined });
  // @ts-expect-error a privilege id must be declared (typo)
  await tokens.update(me, 'ci', { privileges: ['reports.raed'] });
  // @ts-expect-error addresses are text
  await tokens.update(me, 'ci', { allowedIps: [7] });
  const found: Library.ApiTokenView | null = await tokens.getByToken(me, 'A'.repeat(32));
  void found;

  await keys.create(me, { ip: '192.0.2.7', service: 'backup', privileges: ['reports'], expiresAt: null });
  // @ts-expect-error a key needs privileges
  await keys.create(me, { ip: '192.0.2.7', service: 'backup' });
  // @ts-expect-error a privilege id must be declared
  await keys.create(me, { ip: '192.0.2.7', service: 'backup', privileges: ['nope'] });
  const batch: CredentialModificationInput[] = [{ id: 'x', privileges: ['reports'] }, { id: 'y', remove: true }];
  await keys.applyModifications(me, batch);
  // @ts-expect-error remove is a boolean
  await keys.applyModifications(me, [{ id: 'x', remove: 'yes' }]);

  await passphrases.create(me, { passphrase: 'a long enough phrase', privileges: ['reports'] });
  // @ts-expect-error a passphrase is text
  await passphrases.create(me, { passphrase: 12345678901234, privileges: ['reports'] });
  await passphrases.register({ user: 'alice', passphrase: 'a long enough phrase', service: 'backup', ip: '192.0.2.7' });

  // Principal.privileges follows the registry.
  const held: readonly PrivilegeId[] = me.privileges;
  // @ts-expect-error not a declared privilege
  const typo: PrivilegeId = 'reports.raed';
  void held;
  void typo;

  // Audit actions follow their registry.
  await audit.record({ action: 'report.export', outcome: 'success', actor: 'alice' });
  // @ts-expect-error not a declared audit action
  await audit.record({ action: 'report.exprot', outcome: 'success' });
}

export const options: TokensModuleOptions = { secret: 'x'.repeat(32), trustedProxies: ['10.0.0.0/8'], passphrases: { maxPerAddress: 2 }, audit: { retentionDays: 30 } };
export const aliased: TokensModuleOptions = { secret: 'x'.repeat(32), privileges: [{ id: 'reports', label: 'Reports', aliases: ['read-reports'] }] };
// @ts-expect-error aliases are text
export const badAlias: TokensModuleOptions = { secret: 'x'.repeat(32), privileges: [{ id: 'reports', label: 'Reports', aliases: [1] }] };
export type Everything = typeof Library;
