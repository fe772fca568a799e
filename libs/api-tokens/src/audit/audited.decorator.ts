// Declarative auditing for service methods: `@Audited('token.create', {...})` records the
// method's outcome once it settles, success or failure, with the actor taken from the first
// argument (a Principal or a trusted caller's user name). Keeps audit calls out of the logic.
import { HttpException } from '@nestjs/common';
import { TokensError } from '../errors/tokens.error.js';
import type { AuditAction, AuditEntryInput } from './audit-entry.types.js';
import type { AuditLogService } from './audit-log.service.js';

/** A service whose methods are `@Audited`: it exposes the audit log they write to. */
export interface AuditedHost {
  readonly auditLog: AuditLogService;
}

type EntryFields = Omit<Partial<AuditEntryInput>, 'action' | 'outcome'>;

export interface AuditDescription<A extends unknown[], R> {
  /** Extra fields of the success entry (targets, details). */
  readonly success?: (args: A, result: R) => Omit<Partial<AuditEntryInput>, 'action' | 'outcome'>;
  /** Extra fields of the failure entry; the error's code and field are added to `details`. */
  readonly failure?: (args: A, error: unknown) => Omit<Partial<AuditEntryInput>, 'action' | 'outcome'>;
  /**
   * Queue failure entries for the next batch instead of writing each at once: for methods an
   * attacker can call in a flood (registration), where a write per refusal would amplify it.
   */
  readonly batchFailures?: boolean;
}

/** Actor, credential and address of a `Principal` (or a user name) passed as first argument. */
export function actorFields(actor: unknown): EntryFields {
  if (typeof actor === 'string') return { actor, credential: null, ip: null };
  if (typeof actor === 'object' && actor !== null && 'user' in actor && 'credential' in actor) {
    const principal = actor as { user: string; ip?: string; credential: { kind: 'api-token' | 'authorization-key'; id: string } };
    return { actor: principal.user, credential: { kind: principal.credential.kind, id: principal.credential.id }, ip: principal.ip ?? null };
  }
  return {};
}

/** What a failure says in the log: the error's code and field, never its message (it echoes input). */
export function errorDetails(error: unknown): Record<string, string | number> {
  if (error instanceof TokensError) return error.field === undefined ? { error: error.code } : { error: error.code, field: error.field };
  if (error instanceof HttpException) return { error: `HTTP_${error.getStatus()}` };
  return { error: error instanceof Error ? error.name : 'Error' };
}

export function Audited<A extends unknown[], R>(action: AuditAction, describe: AuditDescription<A, R> = {}) {
  return (_target: AuditedHost, _key: string | symbol, descriptor: TypedPropertyDescriptor<(...args: A) => Promise<R>>): void => {
    const original = descriptor.value;
    if (!original) throw new Error('@Audited() decorates methods only');
    descriptor.value = async function audited(this: AuditedHost, ...args: A): Promise<R> {
      const who = actorFields(args[0]);
      let result: R;
      try {
        result = await original.apply(this, args);
      } catch (error) {
        const extra = describe.failure?.(args, error) ?? {};
        const entry: AuditEntryInput = { ...who, ...extra, action, outcome: 'failure', details: { ...extra.details, ...errorDetails(error) } };
        if (describe.batchFailures) this.auditLog.recordLater(entry);
        else await this.auditLog.record(entry);
        throw error;
      }
      await this.auditLog.record({ ...who, ...describe.success?.(args, result), action, outcome: 'success' });
      return result;
    };
  };
}
