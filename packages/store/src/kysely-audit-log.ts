import type { Kysely } from 'kysely';
import type { AuditEntry, AuditFilter, AuditLog, AuditRecord } from './store.ts';
import type { StoreGuard } from './store-guard.ts';
import type { JiefangDatabase } from './schema/tables.ts';
import { decodeJson, encodeJson, normalizeTime, requireLimit, requireText } from './values.ts';

const DEFAULT_LIST_LIMIT = 1000;

export class KyselyAuditLog implements AuditLog {
  constructor(
    private readonly db: Kysely<JiefangDatabase>,
    private readonly guard: StoreGuard['run'],
  ) {}

  async record(entry: AuditEntry): Promise<AuditRecord> {
    const row = {
      at: normalizeTime(entry.at, 'at'),
      actor_id: requireText(entry.actorId, 'actorId'),
      action: requireText(entry.action, 'action'),
      subject_type: requireText(entry.subjectType, 'subjectType'),
      subject_id: requireText(entry.subjectId, 'subjectId'),
      org_id: requireText(entry.orgId, 'orgId'),
      detail: encodeJson(entry.detail, 'detail'),
    };
    return this.guard('write the audit log', async () => {
      const { id } = await this.db
        .insertInto('audit_log')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        id: Number(id),
        at: row.at,
        actorId: row.actor_id,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        orgId: row.org_id,
        detail: entry.detail ?? null,
      };
    });
  }

  async list(filter: AuditFilter): Promise<AuditRecord[]> {
    const limit = requireLimit(filter.limit ?? DEFAULT_LIST_LIMIT, 'limit');
    const from = filter.from === undefined ? undefined : normalizeTime(filter.from, 'from');
    const to = filter.to === undefined ? undefined : normalizeTime(filter.to, 'to');
    // As with aggregates: an empty org scope sees nothing.
    if (filter.orgIds?.length === 0) return [];
    return this.guard('read the audit log', async () => {
      let select = this.db.selectFrom('audit_log').selectAll();
      if (filter.actorId !== undefined) select = select.where('actor_id', '=', filter.actorId);
      if (filter.subjectType !== undefined) {
        select = select.where('subject_type', '=', filter.subjectType);
      }
      if (filter.subjectId !== undefined)
        select = select.where('subject_id', '=', filter.subjectId);
      if (filter.orgIds) select = select.where('org_id', 'in', [...filter.orgIds]);
      if (from !== undefined) select = select.where('at', '>=', from);
      if (to !== undefined) select = select.where('at', '<', to);
      const rows = await select.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((row) => ({
        id: Number(row.id),
        at: row.at,
        actorId: row.actor_id,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        orgId: row.org_id,
        detail: decodeJson(row.detail),
      }));
    });
  }
}
