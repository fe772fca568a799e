// The audit actions the license panel records, declared to the library's registry.
export {};

declare module 'nestjs-api-tokens' {
  interface AuditActionRegistry {
    'license.add': true;
    'license.expire': true;
    'license.reactivate': true;
    'license.transfer': true;
    'license.extend': true;
    'license.package': true;
    'license.group': true;
    'license.metadata': true;
    'license.transfer-request': true;
    'license.transfer-cancel': true;
    'license.transfer-accept': true;
    'license.transfer-reject': true;
    'group.add': true;
    'group.edit': true;
  }
}
