// License transfers between accounts ("companies" in Manage2's words: an account is one). The
// requester asks for another account's active license of a package on an IP
// (XMLtransferRequest.cgi); the holder accepts — the license, same id, becomes the requester's,
// filed under the group the requester named — or rejects it; the requester may cancel it while
// it waits (XMLtransferRequest.cgi?cancel=1). Neither side learns more of the other than the
// request itself: the requester is not told who holds the license.
import { Injectable } from '@nestjs/common';
import { Audited } from 'nestjs-api-tokens';
import { In, type EntityManager } from 'typeorm';
import { PanelError } from '../common/panel.error.js';
import { printable } from '../common/printable.js';
import { inTransaction } from '../database/transaction.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { LICENSE_AUDIT_ACTIONS as ACTION, refusalDetails } from './license-audit.js';
import { formatPrefixedId } from './license-ids.js';
import { isGiven, parseIp } from './license-input.js';
import { wholeSeconds } from './license-rules.js';
import { activeKeyOf, LicenseEntity } from './license.entity.js';
import type { CancelTransferInput, RequestTransferInput, TransferRequestsView, TransferRequestView } from './license.types.js';
import { pendingKeyOf, TransferRequestEntity } from './transfer-request.entity.js';
import { LicenseDesk } from './license-desk.js';
import { LicenseWork } from './license-work.js';

/** Pending requests one account may have open at once, so that a credential cannot flood others. */
export const MAX_PENDING_REQUESTS = 100;

/** Requests listed per side (newest first). */
const LIST_LIMIT = 200;

export interface RequestedTransfer {
  reason: string;
  request: TransferRequestView;
}

export interface CancelledTransfers {
  reason: string;
  cancelled: number[];
}

export interface AnsweredTransfer {
  reason: string;
  request: TransferRequestView;
}

@Injectable()
export class TransferRequestsService extends LicenseWork {
  constructor(desk: LicenseDesk) {
    super(desk);
  }

  /** Asks the account holding the active license of `packageId` on `ip` to hand it over. */
  @Audited<[string, RequestTransferInput, Date?], RequestedTransfer>(ACTION.transferRequest, {
    success: (_args, r) => ({ targets: [formatPrefixedId('L', r.request.licenseId)], details: { request: r.request.id, ip: r.request.ip } }),
    failure: ([, input], error) => ({ details: { ip: String(input?.ip), ...refusalDetails(error) } }),
  })
  async request(requester: string, input: RequestTransferInput, now: Date = new Date()): Promise<RequestedTransfer> {
    const ip = parseIp(input.ip, 'ip', true);
    const packageId = await this.catalog.resolvePackageId(input.packageId, 'packageId');
    const group = await this.groups.resolve(requester, input.groupId, 'groupId');
    const packageName = await this.catalog.packageName(packageId);
    const at = wholeSeconds(now);
    const pendingKey = pendingKeyOf(requester, ip, packageId);
    try {
      const row = await inTransaction(this.dataSource.manager, async (m) => {
        const license = await m.getRepository(LicenseEntity).findOne({ where: { activeKey: activeKeyOf(ip, packageId) } });
        if (!license) throw PanelError.notFound(`${ip} has no active ${packageName} license: add one instead.`, 'ip');
        if (license.owner === requester) {
          throw PanelError.conflict('ALREADY_YOURS', `The ${packageName} license on ${ip} is yours already (${formatPrefixedId('L', license.id)}).`, 'ip');
        }
        const requests = m.getRepository(TransferRequestEntity);
        const open = await requests.findOne({ where: { pendingKey } });
        if (open) {
          throw PanelError.conflict('DUPLICATE_NAME', `You have asked for the ${packageName} license on ${ip} already (confirmation number ${open.id}).`, 'ip');
        }
        if ((await requests.count({ where: { requester, status: 'pending' } })) >= MAX_PENDING_REQUESTS) {
          throw PanelError.conflict('LIMIT_REACHED', `An account has at most ${MAX_PENDING_REQUESTS} pending transfer requests.`, 'ip');
        }
        const fresh: Omit<TransferRequestEntity, 'id'> = {
          requester,
          holder: license.owner,
          licenseId: license.id,
          ip,
          packageId,
          groupId: group.id,
          status: 'pending',
          pendingKey,
          createdAt: at,
          answeredAt: null,
        };
        const inserted = await requests.insert(fresh);
        return { ...fresh, id: Number((inserted.identifiers[0] as { id: number | string }).id) };
      });
      return {
        reason: `The license holder has been contacted; the request awaits their answer. The confirmation number for this request is ${row.id}.`,
        request: (await this.views([row], requester))[0]!,
      };
    } catch (error) {
      if (isUniqueViolation(error)) throw PanelError.conflict('DUPLICATE_NAME', `You have asked for the ${packageName} license on ${ip} already.`, 'ip');
      throw error;
    }
  }

  /** Withdraws your pending requests for `ip` (of one package, or naming one group, when given). */
  @Audited<[string, CancelTransferInput, Date?], CancelledTransfers>(ACTION.transferCancel, {
    success: (_args, r) => ({ targets: r.cancelled.map(String) }),
    failure: ([, input], error) => ({ details: { ip: String(input?.ip), ...refusalDetails(error) } }),
  })
  async cancel(requester: string, input: CancelTransferInput, now: Date = new Date()): Promise<CancelledTransfers> {
    const ip = parseIp(input.ip, 'ip', false);
    const packageId = isGiven(input.packageId) ? await this.catalog.resolvePackageId(input.packageId, 'packageId') : undefined;
    const groupId = isGiven(input.groupId) ? (await this.groups.resolve(requester, input.groupId, 'groupId')).id : undefined;
    const at = wholeSeconds(now);
    const cancelled = await inTransaction(this.dataSource.manager, async (m) => {
      const requests = m.getRepository(TransferRequestEntity);
      const rows = await requests.find({
        where: {
          requester,
          ip,
          status: 'pending',
          ...(packageId === undefined ? {} : { packageId }),
          ...(groupId === undefined ? {} : { groupId }),
        },
      });
      if (rows.length === 0) throw PanelError.notFound(`You have no pending transfer request for ${ip}.`, 'ip');
      await this.close(m, rows, 'cancelled', at);
      return rows.map((r) => r.id);
    });
    return { reason: 'Cancelled transfer request', cancelled };
  }

  /** Withdraws one of your pending requests, by its id (the panel's Cancel button). */
  @Audited<[string, unknown, Date?], AnsweredTransfer>(ACTION.transferCancel, {
    success: (_args, r) => ({ targets: [String(r.request.id)] }),
    failure: ([, id], error) => ({ details: { request: String(id), ...refusalDetails(error) } }),
  })
  async withdraw(requester: string, requestId: unknown, now: Date = new Date()): Promise<AnsweredTransfer> {
    const id = parseRequestId(requestId);
    const at = wholeSeconds(now);
    const cancelled = await inTransaction(this.dataSource.manager, async (m) => {
      const request = await m.getRepository(TransferRequestEntity).findOne({ where: { id, requester } });
      if (!request) throw PanelError.notFound(`The transfer request ${id} does not exist.`, 'requestId');
      if (request.status !== 'pending') throw PanelError.conflict('NOT_PENDING', `The transfer request ${id} is ${request.status}: it cannot be cancelled.`, 'requestId');
      await this.close(m, [request], 'cancelled', at);
      return { ...request, status: 'cancelled' as const, pendingKey: null, answeredAt: at };
    });
    return { reason: 'Cancelled transfer request', request: (await this.views([cancelled], requester))[0]! };
  }

  /** Requests for your licenses and your requests, newest first (at most 200 of each). */
  async list(owner: string): Promise<TransferRequestsView> {
    const requests = this.dataSource.getRepository(TransferRequestEntity);
    const [incoming, outgoing] = await Promise.all([
      requests.find({ where: { holder: owner }, order: { id: 'DESC' }, take: LIST_LIMIT }),
      requests.find({ where: { requester: owner }, order: { id: 'DESC' }, take: LIST_LIMIT }),
    ]);
    const pendingFirst = (rows: TransferRequestView[]): TransferRequestView[] =>
      [...rows].sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending'));
    return { incoming: pendingFirst(await this.views(incoming, owner)), outgoing: await this.views(outgoing, owner) };
  }

  /**
   * The holder hands the license over: it becomes the requester's (same id), filed under the
   * requester's group; other pending requests for it are closed. A request whose license changed
   * meanwhile (expired, moved, no longer yours) is closed instead.
   */
  @Audited<[string, unknown, Date?], AnsweredTransfer>(ACTION.transferAccept, {
    success: (_args, r) => ({ targets: [formatPrefixedId('L', r.request.licenseId)], details: { request: r.request.id, status: r.request.status } }),
    failure: ([, id], error) => ({ details: { request: String(id), ...refusalDetails(error) } }),
  })
  async accept(holder: string, requestId: unknown, now: Date = new Date()): Promise<AnsweredTransfer> {
    const id = parseRequestId(requestId);
    const at = wholeSeconds(now);
    const answered = await this.transitions.transaction(async (m) => {
      const request = await this.pendingFor(m, holder, id);
      const license = await m.getRepository(LicenseEntity).findOne({ where: { id: request.licenseId } });
      const unchanged =
        license !== null && license.status === 'active' && license.owner === holder && license.ip === request.ip && license.packageId === request.packageId;
      if (!unchanged) {
        await this.close(m, [request], 'closed', at);
        return { ...request, status: 'closed' as const, pendingKey: null, answeredAt: at };
      }
      await this.transitions.handOver(m, license, request.requester, request.groupId, at);
      await this.close(m, [request], 'accepted', at);
      const others = await m.getRepository(TransferRequestEntity).find({ where: { licenseId: license.id, status: 'pending' } });
      await this.close(
        m,
        others.filter((o) => o.id !== request.id),
        'closed',
        at,
      );
      return { ...request, status: 'accepted' as const, pendingKey: null, answeredAt: at };
    });
    const reason =
      answered.status === 'accepted'
        ? `License ${formatPrefixedId('L', answered.licenseId)} on ${answered.ip} now belongs to ${answered.requester}.`
        : 'The license changed since the request was made; the request is closed.';
    return { reason, request: (await this.views([answered], holder))[0]! };
  }

  /** The holder keeps the license. */
  @Audited<[string, unknown, Date?], AnsweredTransfer>(ACTION.transferReject, {
    success: (_args, r) => ({ targets: [formatPrefixedId('L', r.request.licenseId)], details: { request: r.request.id } }),
    failure: ([, id], error) => ({ details: { request: String(id), ...refusalDetails(error) } }),
  })
  async reject(holder: string, requestId: unknown, now: Date = new Date()): Promise<AnsweredTransfer> {
    const id = parseRequestId(requestId);
    const at = wholeSeconds(now);
    const answered = await inTransaction(this.dataSource.manager, async (m) => {
      const request = await this.pendingFor(m, holder, id);
      await this.close(m, [request], 'rejected', at);
      return { ...request, status: 'rejected' as const, pendingKey: null, answeredAt: at };
    });
    return { reason: `Transfer request ${id} rejected.`, request: (await this.views([answered], holder))[0]! };
  }

  /** A pending request for one of `holder`'s licenses; someone else's answers like a missing one. */
  private async pendingFor(m: EntityManager, holder: string, id: number): Promise<TransferRequestEntity> {
    const request = await m.getRepository(TransferRequestEntity).findOne({ where: { id, holder } });
    if (!request) throw PanelError.notFound(`The transfer request ${id} does not exist.`, 'requestId');
    if (request.status !== 'pending') throw PanelError.conflict('NOT_PENDING', `The transfer request ${id} is ${request.status}: it awaits no answer.`, 'requestId');
    return request;
  }

  /** Ends pending requests (none of them waits any more). */
  private async close(m: EntityManager, rows: readonly TransferRequestEntity[], status: 'accepted' | 'rejected' | 'cancelled' | 'closed', at: Date): Promise<void> {
    if (rows.length === 0) return;
    const result = await m
      .getRepository(TransferRequestEntity)
      .update({ id: In(rows.map((r) => r.id)), status: 'pending' }, { status, pendingKey: null, answeredAt: at });
    if (result.affected !== rows.length) throw PanelError.conflict('CONCURRENT_CHANGE', 'The request was answered meanwhile; nothing was done.', 'requestId');
  }

  /** Each side sees the request; only the requester sees which of its groups it named. */
  private async views(rows: readonly TransferRequestEntity[], viewer: string): Promise<TransferRequestView[]> {
    const groups = await this.groups.names(rows.filter((r) => r.requester === viewer).map((r) => r.groupId));
    return Promise.all(
      rows.map(async (r) => {
        const own = r.requester === viewer;
        return {
          id: r.id,
          requester: r.requester,
          // The requester is not told who holds the license (it never was).
          holder: own ? '' : r.holder,
          licenseId: r.licenseId,
          ip: r.ip,
          packageId: r.packageId,
          packageName: await this.catalog.packageName(r.packageId),
          groupId: own ? r.groupId : null,
          groupName: own ? (groups.get(r.groupId) ?? formatPrefixedId('G', r.groupId)) : null,
          status: r.status,
          createdAt: r.createdAt,
          answeredAt: r.answeredAt,
        };
      }),
    );
  }
}

/** A request id (its confirmation number): 12 or "12". */
function parseRequestId(value: unknown): number {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,12}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (Number.isSafeInteger(id) && id > 0) return id;
  if (!isGiven(value)) throw PanelError.missing('requestId');
  throw PanelError.invalid('requestId', `“${printable(String(value))}” is not a valid transfer request id.`);
}
