// What the token library's options need from the panel for lifecycle events: the audit-trail sink.
import { Module } from '@nestjs/common';
import { AuditTrailSink } from './audit-trail.sink.js';

@Module({ providers: [AuditTrailSink], exports: [AuditTrailSink] })
export class EventsModule {}
