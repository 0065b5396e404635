import { type Selectable, sql } from 'kysely';

import { invalidArgument, invalidState, newId, notFound, resourceName } from '../core/index.js';
import { insertUnique, type JobsTable, type MetaStore, type MetaTx } from '../storage/index.js';
import type { JobFinish, JobProgressPatch, JobQueue } from './job-queue.js';
import { assertTransition, isJobState, isTerminal, type JobState } from './job-states.js';
import type { Job, JobFilter, JobHistoryEntry, JobMetric, JobPage, JobSpec } from './job-types.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function rowToJob(row: Selectable<JobsTable>): Job {
  return {
    id: row.id,
    project: row.project,
    name: row.name,
    resourceName: resourceName(row.project, 'job', row.name),
    kind: row.kind,
    state: row.state as JobState,
    statusMessage: row.status_message,
    progress: row.progress,
    progressMessage: row.progress_message,
    input: JSON.parse(row.input),
    result: row.result === null ? null : JSON.parse(row.result),
    failureReason: row.failure_reason,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    maxRuntimeSeconds: row.max_runtime_seconds,
    priority: row.priority,
    stopRequested: row.stop_requested === 1,
    createdBy: row.created_by,
    tags: JSON.parse(row.tags),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    startedAt: iso(row.started_at),
    endedAt: iso(row.ended_at),
    cost: {
      wallSeconds: row.wall_seconds,
      cpuSeconds: row.cpu_seconds,
      peakMemoryBytes: row.peak_memory_bytes,
    },
  };
}

function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [number, string];
    if (typeof v[0] === 'number' && typeof v[1] === 'string') return v;
  } catch {
    // reported below
  }
  throw invalidArgument(`cursor '${cursor}' is not a cursor this list returned`, { field: 'cursor' });
}

/** The job queue kept in the metadata store (SQLite or PostgreSQL). */
export class SqlJobQueue implements JobQueue {
  constructor(private readonly meta: MetaStore) {}

  async enqueue(spec: Required<Pick<JobSpec, 'kind' | 'project' | 'name'>> & JobSpec): Promise<Job> {
    const now = Date.now();
    const row = {
      id: newId(),
      project: spec.project,
      name: spec.name,
      kind: spec.kind,
      state: 'Pending',
      status_message: 'Queued',
      input: JSON.stringify(spec.input ?? {}),
      max_attempts: spec.maxAttempts ?? 1,
      max_runtime_seconds: spec.maxRuntimeSeconds ?? null,
      priority: spec.priority ?? 0,
      run_after: now,
      created_by: spec.createdBy ?? 'system',
      tags: JSON.stringify(spec.tags ?? {}),
      created_at: now,
      updated_at: now,
    };
    await insertUnique(
      this.meta,
      () =>
        this.meta.transaction(async (tx) => {
          await tx.insertInto('jobs').values(row).execute();
          await this.addHistory(tx, row.id, 'Pending', 'Queued', now);
        }),
      `a job named '${spec.name}' already exists in project '${spec.project}'`,
    );
    return this.getById(row.id);
  }

  async get(project: string, name: string): Promise<Job> {
    const row = await this.meta.db
      .selectFrom('jobs')
      .selectAll()
      .where('project', '=', project)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw notFound(`job '${name}' does not exist in project '${project}'`, { name, project });
    return rowToJob(row);
  }

  async getById(id: string): Promise<Job> {
    const row = await this.meta.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`job ${id} does not exist`, { id });
    return rowToJob(row);
  }

  async list(filter: JobFilter): Promise<JobPage> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 1000);
    let q = this.meta.db.selectFrom('jobs').selectAll();
    if (filter.project) q = q.where('project', '=', filter.project);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.state) {
      if (!isJobState(filter.state))
        throw invalidArgument(`unknown job state '${filter.state}'`, { field: 'state' });
      q = q.where('state', '=', filter.state);
    }
    if (filter.nameContains) {
      q = q.where(
        sql<string>`lower(name)`,
        'like',
        `%${filter.nameContains.toLowerCase().replace(/[%_]/g, '')}%`,
      );
    }
    if (filter.cursor) {
      const [createdAt, id] = decodeCursor(filter.cursor);
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', createdAt),
          eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)]),
        ]),
      );
    }
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const jobs = rows.slice(0, limit).map(rowToJob);
    const last = rows[limit - 1];
    return {
      jobs,
      ...(rows.length > limit && last ? { nextCursor: encodeCursor(last.created_at, last.id) } : {}),
    };
  }

  async requestStop(project: string, name: string): Promise<Job> {
    const id = await this.meta.transaction(async (tx) => {
      const row = await this.meta
        .forUpdate(tx.selectFrom('jobs').selectAll().where('project', '=', project).where('name', '=', name))
        .executeTakeFirst();
      if (!row) throw notFound(`job '${name}' does not exist in project '${project}'`, { name, project });
      const state = row.state as JobState;
      if (isTerminal(state)) throw invalidState(`job '${name}' has already ended (${state})`, { state });
      if (state === 'Stopping') return row.id;
      const now = Date.now();
      const to: JobState = state === 'Pending' ? 'Stopped' : 'Stopping';
      const message = to === 'Stopped' ? 'Stopped before it started' : 'Stop requested';
      await tx
        .updateTable('jobs')
        .set({
          state: to,
          stop_requested: 1,
          status_message: message,
          updated_at: now,
          ...(to === 'Stopped' ? { ended_at: now } : {}),
        })
        .where('id', '=', row.id)
        .execute();
      await this.addHistory(tx, row.id, to, message, now);
      return row.id;
    });
    return this.getById(id);
  }

  async claim(owner: string, kinds: readonly string[], limit: number, leaseMs: number): Promise<Job[]> {
    if (limit <= 0 || kinds.length === 0) return [];
    const ids = await this.meta.transaction(async (tx) => {
      const now = Date.now();
      let q = tx
        .selectFrom('jobs')
        .select('id')
        .where('state', '=', 'Pending')
        .where('kind', 'in', kinds)
        .where('run_after', '<=', now)
        .orderBy('priority')
        .orderBy('created_at')
        .limit(limit);
      // Several worker processes on PostgreSQL: each skips rows another is claiming.
      if (this.meta.dialect === 'postgres') q = q.forUpdate().skipLocked();
      const picked = (await q.execute()).map((r) => r.id);
      if (picked.length === 0) return picked;
      await tx
        .updateTable('jobs')
        .set((eb) => ({
          state: 'InProgress',
          status_message: 'Starting',
          attempts: eb('attempts', '+', 1),
          lease_owner: owner,
          lease_expires_at: now + leaseMs,
          started_at: eb.fn.coalesce('started_at', sql<number>`cast(${now} as bigint)`),
          updated_at: now,
        }))
        .where('id', 'in', picked)
        .execute();
      for (const id of picked) await this.addHistory(tx, id, 'InProgress', 'Starting', now);
      return picked;
    });
    if (ids.length === 0) return [];
    const rows = await this.meta.db.selectFrom('jobs').selectAll().where('id', 'in', ids).execute();
    return rows.map(rowToJob);
  }

  async heartbeat(owner: string, ids: readonly string[], leaseMs: number): Promise<string[]> {
    if (ids.length === 0) return [];
    await this.meta.db
      .updateTable('jobs')
      .set({ lease_expires_at: Date.now() + leaseMs })
      .where('id', 'in', ids)
      .where('lease_owner', '=', owner)
      .execute();
    const stops = await this.meta.db
      .selectFrom('jobs')
      .select('id')
      .where('id', 'in', ids)
      .where('stop_requested', '=', 1)
      .execute();
    return stops.map((r) => r.id);
  }

  async updateProgress(id: string, patch: JobProgressPatch): Promise<void> {
    await this.meta.db
      .updateTable('jobs')
      .set({
        ...(patch.progress !== undefined ? { progress: Math.max(0, Math.min(100, patch.progress)) } : {}),
        ...(patch.progressMessage !== undefined ? { progress_message: patch.progressMessage } : {}),
        ...(patch.statusMessage !== undefined ? { status_message: patch.statusMessage } : {}),
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .execute();
  }

  async finish(id: string, owner: string, finish: JobFinish): Promise<Job | undefined> {
    const done = await this.meta.transaction(async (tx) => {
      const row = await this.meta
        .forUpdate(tx.selectFrom('jobs').selectAll().where('id', '=', id))
        .executeTakeFirst();
      if (!row || row.lease_owner !== owner) return false;
      const from = row.state as JobState;
      const to = from === 'Stopping' && finish.state === 'Pending' ? 'Stopped' : finish.state;
      assertTransition(row.name, from, to);
      const now = Date.now();
      const cost = finish.cost;
      await tx
        .updateTable('jobs')
        .set({
          state: to,
          status_message: finish.statusMessage,
          result: finish.result === undefined ? null : JSON.stringify(finish.result),
          failure_reason: finish.failureReason ?? null,
          lease_owner: null,
          lease_expires_at: null,
          updated_at: now,
          ...(to === 'Pending' ? { run_after: finish.runAfter ?? now } : { ended_at: now }),
          ...(to === 'Pending' && finish.releaseAttempt ? { attempts: Math.max(0, row.attempts - 1) } : {}),
          ...(to === 'Completed' ? { progress: 100 } : {}),
          ...(cost
            ? {
                wall_seconds: (row.wall_seconds ?? 0) + cost.wallSeconds,
                cpu_seconds:
                  cost.cpuSeconds === null ? row.cpu_seconds : (row.cpu_seconds ?? 0) + cost.cpuSeconds,
                peak_memory_bytes:
                  cost.peakMemoryBytes === null
                    ? row.peak_memory_bytes
                    : Math.max(row.peak_memory_bytes ?? 0, Math.round(cost.peakMemoryBytes)),
              }
            : {}),
        })
        .where('id', '=', id)
        .execute();
      await this.addHistory(tx, id, to, finish.statusMessage, now);
      return true;
    });
    return done ? this.getById(id) : undefined;
  }

  async recoverStalled(isOwnerGone: (owner: string) => boolean): Promise<Job[]> {
    const ids = await this.meta.transaction(async (tx) => {
      const now = Date.now();
      const rows = await tx
        .selectFrom('jobs')
        .selectAll()
        .where('state', 'in', ['InProgress', 'Stopping'])
        .execute();
      const lost = rows.filter(
        (r) => r.lease_owner === null || (r.lease_expires_at ?? 0) < now || isOwnerGone(r.lease_owner),
      );
      for (const r of lost) {
        const retry = r.state === 'InProgress' && r.attempts < r.max_attempts;
        const to: JobState = r.state === 'Stopping' ? 'Stopped' : retry ? 'Pending' : 'Failed';
        const message =
          to === 'Pending'
            ? `Worker lost; re-queued (attempt ${r.attempts + 1} of ${r.max_attempts})`
            : to === 'Stopped'
              ? 'Worker lost while stopping'
              : 'Failed: worker lost';
        await tx
          .updateTable('jobs')
          .set({
            state: to,
            status_message: message,
            lease_owner: null,
            lease_expires_at: null,
            updated_at: now,
            ...(to === 'Failed' ? { failure_reason: 'worker lost', ended_at: now } : {}),
            ...(to === 'Stopped' ? { ended_at: now } : {}),
            ...(to === 'Pending' ? { run_after: now } : {}),
          })
          .where('id', '=', r.id)
          .execute();
        await this.addHistory(tx, r.id, to, message, now);
      }
      return lost.map((r) => r.id);
    });
    return Promise.all(ids.map((id) => this.getById(id)));
  }

  async addMetrics(id: string, metrics: readonly Omit<JobMetric, 'timestamp'>[]): Promise<void> {
    if (metrics.length === 0) return;
    const at = Date.now();
    await this.meta.db
      .insertInto('job_metrics')
      .values(metrics.map((m) => ({ job_id: id, name: m.name, value: m.value, step: m.step, at })))
      .execute();
  }

  async metrics(id: string, name?: string): Promise<JobMetric[]> {
    let q = this.meta.db.selectFrom('job_metrics').selectAll().where('job_id', '=', id);
    if (name) q = q.where('name', '=', name);
    const rows = await q.orderBy('name').orderBy('step').orderBy('at').execute();
    return rows.map((r) => ({ name: r.name, value: r.value, step: r.step, timestamp: iso(r.at)! }));
  }

  async history(id: string): Promise<JobHistoryEntry[]> {
    const rows = await this.meta.db
      .selectFrom('job_history')
      .selectAll()
      .where('job_id', '=', id)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({ state: r.state as JobState, statusMessage: r.status_message, at: iso(r.at)! }));
  }

  private async addHistory(
    tx: MetaTx,
    jobId: string,
    state: JobState,
    message: string,
    at: number,
  ): Promise<void> {
    await tx
      .insertInto('job_history')
      .expression((eb) =>
        eb
          .selectFrom('job_history')
          .select([
            sql<string>`cast(${jobId} as text)`.as('job_id'),
            sql<number>`coalesce(max(seq), 0) + 1`.as('seq'),
            sql<string>`cast(${state} as text)`.as('state'),
            sql<string>`cast(${message} as text)`.as('status_message'),
            sql<number>`cast(${at} as bigint)`.as('at'),
          ])
          .where('job_id', '=', jobId),
      )
      .columns(['job_id', 'seq', 'state', 'status_message', 'at'])
      .execute();
  }
}
