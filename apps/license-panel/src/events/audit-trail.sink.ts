// Keeps the library's lifecycle events in the audit log (an event sink, the library's extension
// point), so they show in the panel's audit views: the entry's actor is the credential's owner,
// who therefore reads it among their own entries. The audit service is the library's, which is
// built after this sink (it is part of the same module's options), hence looked up on first use.
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuditLogService, type AuditDetailValue, type TokenEventSink, type TokenLifecycleEvent } from 'nestjs-api-tokens';
import './event-audit-actions.js';

@Injectable()
export class AuditTrailSink implements TokenEventSink {
  private readonly logger = new Logger('Events');
  private audit: AuditLogService | undefined;

  constructor(private readonly moduleRef: ModuleRef) {}

  publish(event: TokenLifecycleEvent): Promise<void> {
    const audit: AuditLogService = this.audit ?? this.moduleRef.get(AuditLogService, { strict: false });
    this.audit = audit;
    const { type, at, ...rest } = event;
    const details: Record<string, AuditDetailValue> = {};
    for (const [key, value] of Object.entries(rest)) details[key] = value instanceof Date ? value.toISOString() : (value as AuditDetailValue);
    const user = 'user' in event ? event.user : null;
    const target = 'name' in event ? event.name : 'keyId' in event ? event.keyId : null;
    this.logger.debug(`${type} ${target ?? ''}`);
    return audit.record({
      action: `event.${type}`,
      outcome: 'success',
      actor: user,
      ip: 'ip' in event ? event.ip : null,
      ...(target !== null ? { targets: [target] } : {}),
      details,
      at,
    });
  }
}
