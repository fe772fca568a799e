// The audit actions under which the panel keeps the library's lifecycle events, declared to the
// library's registry: `event.` and the event's type.
export {};

declare module 'nestjs-api-tokens' {
  interface AuditActionRegistry {
    'event.credential.expiring': true;
    'event.credential.expired': true;
    'event.credential.rolled': true;
    'event.credential.revoked': true;
    'event.credential.leaked': true;
    'event.authorization-key.registered': true;
    'event.authorization-key.removed': true;
    'event.address.blocked': true;
  }
}
