// The groups an account files its licenses under: the shared, seeded ones (read-only) and its own,
// which it adds (XMLgroupAdd.cgi, POST /api/groups) and edits — name and taxable flag
// (XMLgroupEdit.cgi, PATCH /api/groups/:id). An account never sees or names another's groups.
import { HttpStatus, Injectable } from '@nestjs/common';
import { Audited, AuditLogService } from 'nestjs-api-tokens';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { PanelError } from '../common/panel.error.js';
import { printable } from '../common/printable.js';
import { inTransaction } from '../database/transaction.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { LICENSE_AUDIT_ACTIONS as ACTION, refusalDetails } from './license-audit.js';
import { LicenseGroupEntity } from './license-catalog.entities.js';
import { formatPrefixedId, looksLikeId, parsePrefixedId } from './license-ids.js';
import { isGiven } from './license-input.js';
import type { AddGroupInput, EditGroupInput, GroupView } from './license.types.js';

/** Longest group name (Manage2: "up to 50 characters"). */
export const GROUP_NAME_MAX = 50;

/** Groups one account may add, so that a credential cannot fill the table. */
export const MAX_OWN_GROUPS = 100;

/** Tries of an add that lost a race for the next id. */
const ADD_ATTEMPTS = 5;

@Injectable()
export class LicenseGroupsService {
  constructor(
    private readonly dataSource: DataSource,
    /** Where `@Audited` group actions record their outcome. */
    readonly auditLog: AuditLogService,
  ) {}

  /** The groups `owner` files licenses under: the shared ones and its own, by id. */
  async list(owner: string, m: EntityManager = this.dataSource.manager): Promise<GroupView[]> {
    const rows = await m.getRepository(LicenseGroupEntity).find({ where: [{ owner: IsNull() }, { owner }], order: { id: 'ASC' } });
    return rows.map(view);
  }

  /** The group new licenses go to when none is given: the first shared one. */
  async defaultGroupId(): Promise<number> {
    const first = await this.dataSource.getRepository(LicenseGroupEntity).findOne({ where: { owner: IsNull() }, order: { id: 'ASC' } });
    if (!first) throw new PanelError('NOT_FOUND', 'No group exists to file the license under.', HttpStatus.SERVICE_UNAVAILABLE);
    return first.id;
  }

  /** A group `owner` may use, by reference (12, "12", "G12" or its name, any case); 400 naming `field` otherwise. */
  async resolve(owner: string, ref: unknown, field = 'groupId', m?: EntityManager): Promise<GroupView> {
    if (!isGiven(ref)) throw PanelError.missing(field);
    const groups = await this.list(owner, m);
    let found: GroupView | undefined;
    if (looksLikeId(ref, 'G')) {
      const id = parsePrefixedId(ref, 'G', field);
      found = groups.find((g) => g.id === id);
    } else if (typeof ref === 'string') {
      const key = ref.trim().toLowerCase();
      found = groups.find((g) => g.name.toLowerCase() === key);
    }
    if (!found) throw PanelError.invalid(field, `“${printable(String(ref))}” is not a known group.`);
    return found;
  }

  /** Names of groups by id (for license views). */
  async names(ids: readonly number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(LicenseGroupEntity).find({ where: unique.map((id) => ({ id })), select: { id: true, name: true } });
    return new Map(rows.map((g) => [g.id, g.name]));
  }

  /** Adds a group of `owner`'s own. */
  @Audited<[string, AddGroupInput], GroupView>(ACTION.groupAdd, {
    success: (_args, g) => ({ targets: [formatPrefixedId('G', g.id)], details: { name: g.name, taxable: g.taxable } }),
    failure: (_args, error) => ({ details: refusalDetails(error) }),
  })
  async add(owner: string, input: AddGroupInput): Promise<GroupView> {
    const name = parseGroupName(input.name, 'name');
    const taxable = input.taxable === true;
    // Ids follow the seeded ones (the column has no sequence): two adds at once may pick the same
    // id, and the second fails on the primary key. It then runs again, and sees the first — a
    // clash of names is then answered as one, anything else gets the next id.
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction(this.dataSource.manager, (m) => this.insertGroup(m, owner, name, taxable));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (attempt >= ADD_ATTEMPTS) throw PanelError.conflict('CONCURRENT_CHANGE', 'Another change to your groups happened meanwhile; nothing was done. Retry.', 'name');
      }
    }
  }

  private async insertGroup(m: EntityManager, owner: string, name: string, taxable: boolean): Promise<GroupView> {
    const repo = m.getRepository(LicenseGroupEntity);
    await this.assertNameFree(owner, name, null, 'name', m);
    if ((await repo.count({ where: { owner } })) >= MAX_OWN_GROUPS) {
      throw PanelError.conflict('LIMIT_REACHED', `An account has at most ${MAX_OWN_GROUPS} groups of its own.`, 'name');
    }
    const [{ top }] = (await m.query('SELECT MAX(id) AS top FROM license_groups')) as [{ top: number | string | null }];
    const row: LicenseGroupEntity = { id: Number(top ?? 0) + 1, name, owner, taxable, nameKey: name.toLowerCase() };
    // Inserted as a shared row, made the owner's before the transaction ends (see the entity).
    await repo.insert({ id: row.id, name: row.name });
    await repo.update({ id: row.id }, { owner, taxable, nameKey: row.nameKey });
    return view(row);
  }

  /** Renames one of `owner`'s own groups and/or sets its taxable flag. Shared groups are read-only. */
  @Audited<[string, EditGroupInput], GroupView>(ACTION.groupEdit, {
    success: (_args, g) => ({ targets: [formatPrefixedId('G', g.id)], details: { name: g.name, taxable: g.taxable } }),
    failure: (_args, error) => ({ details: refusalDetails(error) }),
  })
  async edit(owner: string, input: EditGroupInput): Promise<GroupView> {
    const newName = isGiven(input.newName) ? parseGroupName(input.newName, 'newName') : undefined;
    if (input.taxable !== undefined && typeof input.taxable !== 'boolean') throw PanelError.invalid('taxable', '“taxable” must be true or false.');
    try {
      return await inTransaction(this.dataSource.manager, async (m) => {
        const group = await this.resolve(owner, input.group, 'group', m);
        if (group.shared) {
          throw PanelError.forbidden(`The group “${group.name}” is shared by every account: it cannot be edited. Add a group of your own.`, 'group');
        }
        if (newName !== undefined) await this.assertNameFree(owner, newName, group.id, 'newName', m);
        const after: GroupView = { ...group, name: newName ?? group.name, taxable: input.taxable ?? group.taxable };
        const result = await m
          .getRepository(LicenseGroupEntity)
          .update({ id: group.id, owner }, { name: after.name, nameKey: after.name.toLowerCase(), taxable: after.taxable });
        if (result.affected === 0) throw PanelError.conflict('CONCURRENT_CHANGE', 'The group changed meanwhile; nothing was done. Retry.', 'group');
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw PanelError.conflict('CONCURRENT_CHANGE', 'Another change to your groups happened meanwhile; nothing was done. Retry.', 'newName');
      throw error;
    }
  }

  /** No two groups an account sees share a name (in any case), shared ones included. */
  private async assertNameFree(owner: string, name: string, except: number | null, field: string, m: EntityManager): Promise<void> {
    const key = name.toLowerCase();
    const clash = (await this.list(owner, m)).find((g) => g.id !== except && g.name.toLowerCase() === key);
    if (clash) throw PanelError.conflict('DUPLICATE_NAME', `A group named “${clash.name}” already exists.`, field);
  }
}

function view(row: LicenseGroupEntity): GroupView {
  return { id: row.id, name: row.name, taxable: Boolean(row.taxable), shared: row.owner === null };
}

/** 1–50 printable characters, trimmed. */
export function parseGroupName(value: unknown, field: string): string {
  if (!isGiven(value)) throw PanelError.missing(field);
  if (typeof value !== 'string') throw PanelError.invalid(field, `“${field}” must be text.`);
  const name = value.trim();
  if (name === '') throw PanelError.empty(field);
  // eslint-disable-next-line no-control-regex
  if (name.length > GROUP_NAME_MAX || /[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    throw PanelError.invalid(field, `“${printable(name)}” is not a valid group name: at most ${GROUP_NAME_MAX} characters, no control characters.`);
  }
  return name;
}
