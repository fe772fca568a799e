// The audit actions the license panel records, declared to the library's registry.
export {};

declare module 'nestjs-api-tokens' {
  interface AuditActionRegistry {
    'license.add': true;
    'license.expire': true;
    'license.reactivate': true;
    'license.transfer': true;
    'license.extend': true;
  }
}
