import { invalidArgument, randomSuffix } from '../core/index.js';
import type { MetaStore } from '../storage/index.js';

export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly principal: string;
  /** `<domain>.<verb>`, e.g. `objects.put`, `jobs.stop`. */
  readonly action: string;
  /** `kelp:<project>:<kind>/<name>` */
  readonly resource: string;
  readonly project: string;
  readonly outcome: 'success' | 'failure';
  readonly errorCode: string | null;
  readonly requestId: string | null;
  readonly details: Record<string, unknown>;
}

export type AuditRecord = Omit<AuditEvent, 'id' | 'at' | 'errorCode' | 'requestId' | 'details'> &
  Partial<Pick<AuditEvent, 'errorCode' | 'requestId' | 'details'>>;

export interface AuditFilter {
  readonly project?: string;
  readonly principal?: string;
  readonly action?: string;
  readonly resourcePrefix?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

let lastMs = 0;
let counter = 0;
/** Ids sort by time, then by a per-process counter; the suffix keeps processes apart. */
function auditId(at: number): string {
  counter = at === lastMs ? counter + 1 : 0;
  lastMs = at;
  return `${String(at).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${randomSuffix(6)}`;
}

/** The append-only audit log (the database refuses updates and deletes of its rows). */
export class AuditLog {
  constructor(private readonly meta: MetaStore) {}

  async record(event: AuditRecord): Promise<AuditEvent> {
    const at = Date.now();
    const row = {
      id: auditId(at),
      at,
      principal: event.principal,
      action: event.action,
      resource: event.resource,
      project: event.project,
      outcome: event.outcome,
      error_code: event.errorCode ?? null,
      request_id: event.requestId ?? null,
      details: JSON.stringify(event.details ?? {}),
    };
    await this.meta.db.insertInto('audit_events').values(row).execute();
    return {
      ...event,
      id: row.id,
      at: new Date(at).toISOString(),
      errorCode: row.error_code,
      requestId: row.request_id,
      details: event.details ?? {},
    };
  }

  /** Newest first. */
  async list(filter: AuditFilter = {}): Promise<{ events: AuditEvent[]; nextCursor?: string }> {
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    let q = this.meta.db.selectFrom('audit_events').selectAll();
    if (filter.project) q = q.where('project', '=', filter.project);
    if (filter.principal) q = q.where('principal', '=', filter.principal);
    if (filter.action) q = q.where('action', '=', filter.action);
    if (filter.resourcePrefix)
      q = q.where('resource', 'like', `${filter.resourcePrefix.replace(/[%_]/g, '')}%`);
    if (filter.cursor) {
      if (!/^[0-9]{15}-[0-9]{6}-[a-z2-7]{6}$/.test(filter.cursor)) {
        throw invalidArgument(`cursor '${filter.cursor}' is not a cursor this list returned`, {
          field: 'cursor',
        });
      }
      q = q.where('id', '<', filter.cursor);
    }
    const rows = await q
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const events = rows.slice(0, limit).map(
      (r): AuditEvent => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        principal: r.principal,
        action: r.action,
        resource: r.resource,
        project: r.project,
        outcome: r.outcome as AuditEvent['outcome'],
        errorCode: r.error_code,
        requestId: r.request_id,
        details: JSON.parse(r.details),
      }),
    );
    return { events, ...(rows.length > limit ? { nextCursor: events.at(-1)!.id } : {}) };
  }
}
