import { basename } from 'node:path';

import { Cron } from 'croner';

import type { CrawlBody, Crawler, CrawlerConfig, CrawlerRun, CrawlSummary } from '../../contract/index.js';
import {
  invalidArgument,
  invalidState,
  type Logger,
  newId,
  notFound,
  validateName,
} from '../../core/index.js';
import type { InlineJobKind, Job, JobService } from '../../jobs/index.js';
import type { MetaStore } from '../../storage/index.js';
import { validateCatalogName } from '../catalog-store.js';
import { formatLocation, parseLocation } from '../locations.js';
import { type CrawlDeps, runCrawl } from './crawl.js';

export const CRAWL_KIND = 'catalog.crawl';

const DEFAULT_CONFIG: CrawlerConfig = {
  tableLevel: 1,
  exclusions: [],
  schemaChangePolicy: 'update',
  deletePolicy: 'deprecate',
  recrawlPolicy: 'everything',
  tablePrefix: '',
  sampleFiles: 10,
  include: [],
};

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function defaultName(database: string, source: string): string {
  const base = basename(source.replace(/\/+$/, '')).replace(/[^a-zA-Z0-9-]+/g, '-');
  return `${database.replace(/_/g, '-')}-${base}`.replace(/^-+|-+$/g, '').slice(0, 63) || 'crawler';
}

/** Crawlers (Glue's): a source, a target database, a configuration, an optional cron schedule. */
export class CrawlerService {
  private readonly schedules = new Map<string, Cron>();

  constructor(
    private readonly meta: MetaStore,
    private readonly jobs: () => JobService,
    private readonly logger: Logger,
  ) {}

  /** Creates the crawler or updates the settings given; `run` (default true) starts a run. */
  async upsert(
    project: string,
    body: CrawlBody,
    principal: string,
  ): Promise<{ crawler: Crawler; job?: Job }> {
    validateCatalogName(body.database, 'database');
    const source = formatLocation(parseLocation(body.source));
    const name = validateName(body.name ?? defaultName(body.database, source));
    if (body.schedule) {
      try {
        new Cron(body.schedule, { paused: true }).stop();
      } catch (err) {
        throw invalidArgument(`schedule '${body.schedule}': ${(err as Error).message}`, {
          field: 'schedule',
        });
      }
    }
    const existing = await this.meta.db
      .selectFrom('catalog_crawlers')
      .selectAll()
      .where('project', '=', project)
      .where('name', '=', name)
      .executeTakeFirst();
    const config: CrawlerConfig = {
      ...DEFAULT_CONFIG,
      ...(existing ? (JSON.parse(existing.config) as CrawlerConfig) : {}),
    };
    for (const key of Object.keys(DEFAULT_CONFIG) as (keyof CrawlerConfig)[]) {
      if (body[key] !== undefined) (config as Record<string, unknown>)[key] = body[key];
    }
    const schedule = body.schedule === undefined ? (existing?.schedule ?? null) : body.schedule;
    const now = Date.now();
    if (existing) {
      await this.meta.db
        .updateTable('catalog_crawlers')
        .set({
          source,
          database_name: body.database,
          config: JSON.stringify(config),
          schedule,
          updated_at: now,
        })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await this.meta.db
        .insertInto('catalog_crawlers')
        .values({
          id: newId(),
          project,
          name,
          source,
          database_name: body.database,
          config: JSON.stringify(config),
          schedule,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    this.reschedule(project, name, schedule);
    const job = body.run === false ? undefined : await this.start(project, name, principal);
    return { crawler: await this.get(project, name), ...(job ? { job } : {}) };
  }

  async list(project: string): Promise<Crawler[]> {
    const rows = await this.meta.db
      .selectFrom('catalog_crawlers')
      .selectAll()
      .where('project', '=', project)
      .orderBy('name')
      .execute();
    return Promise.all(rows.map((r) => this.toCrawler(r)));
  }

  async get(project: string, name: string): Promise<Crawler> {
    const row = await this.row(project, name);
    return this.toCrawler(row);
  }

  private async row(project: string, name: string) {
    const row = await this.meta.db
      .selectFrom('catalog_crawlers')
      .selectAll()
      .where('project', '=', project)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw notFound(`no crawler '${name}'`, { crawler: name });
    return row;
  }

  private async toCrawler(r: Awaited<ReturnType<CrawlerService['row']>>): Promise<Crawler> {
    const last = (await this.runsById(r.id, 1))[0] ?? null;
    return {
      name: r.name,
      source: r.source,
      database: r.database_name,
      config: JSON.parse(r.config) as CrawlerConfig,
      schedule: r.schedule,
      lastJobId: r.last_job_id,
      lastRun: last,
      createdAt: iso(r.created_at) as string,
      updatedAt: iso(r.updated_at) as string,
    };
  }

  async delete(project: string, name: string): Promise<void> {
    const row = await this.row(project, name);
    await this.meta.db.deleteFrom('catalog_crawlers').where('id', '=', row.id).execute();
    this.reschedule(project, name, null);
  }

  /** Starts a run as a job; a crawler runs once at a time. */
  async start(project: string, name: string, principal: string): Promise<Job> {
    const row = await this.row(project, name);
    const running = await this.meta.db
      .selectFrom('catalog_crawler_runs')
      .select('job_id')
      .where('crawler_id', '=', row.id)
      .where('state', 'in', ['Pending', 'Running'])
      .executeTakeFirst();
    if (running) {
      const job = await this.jobs()
        .getById(running.job_id)
        .catch(() => undefined);
      if (job && !['Completed', 'Failed', 'Stopped'].includes(job.state)) {
        throw invalidState(`crawler '${name}' is already running (job ${job.name})`, {
          crawler: name,
          job: job.name,
        });
      }
      await this.finishRun(running.job_id, 'Failed', null);
    }
    const job = await this.jobs().submit({
      kind: CRAWL_KIND,
      project,
      name: `crawl-${name}-${Date.now().toString(36)}`.slice(0, 63),
      input: { project, crawler: name },
      createdBy: principal,
    });
    await this.meta.db
      .insertInto('catalog_crawler_runs')
      .values({ job_id: job.id, crawler_id: row.id, state: 'Pending', started_at: Date.now() })
      .execute();
    await this.meta.db
      .updateTable('catalog_crawlers')
      .set({ last_job_id: job.id })
      .where('id', '=', row.id)
      .execute();
    return job;
  }

  async runs(project: string, name: string, limit = 50): Promise<CrawlerRun[]> {
    const row = await this.row(project, name);
    return this.runsById(row.id, limit, name);
  }

  private async runsById(crawlerId: string, limit: number, crawler?: string): Promise<CrawlerRun[]> {
    const rows = await this.meta.db
      .selectFrom('catalog_crawler_runs as r')
      .innerJoin('catalog_crawlers as c', 'c.id', 'r.crawler_id')
      .leftJoin('jobs as j', 'j.id', 'r.job_id')
      .select([
        'r.job_id',
        'r.state',
        'r.summary',
        'r.started_at',
        'r.ended_at',
        'c.name',
        'j.name as job_name',
      ])
      .where('r.crawler_id', '=', crawlerId)
      .orderBy('r.started_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => {
      const summary = JSON.parse(r.summary) as Partial<CrawlSummary>;
      return {
        jobId: r.job_id,
        jobName: r.job_name ?? '',
        crawler: crawler ?? r.name,
        state: r.state,
        summary: summary.tablesCreated ? (summary as CrawlSummary) : null,
        startedAt: iso(r.started_at) as string,
        endedAt: iso(r.ended_at),
      };
    });
  }

  private async finishRun(jobId: string, state: string, summary: CrawlSummary | null): Promise<void> {
    await this.meta.db
      .updateTable('catalog_crawler_runs')
      .set({ state, ended_at: Date.now(), ...(summary ? { summary: JSON.stringify(summary) } : {}) })
      .where('job_id', '=', jobId)
      .execute();
  }

  /** The job kind that runs crawls. */
  jobKind(deps: CrawlDeps): InlineJobKind<{ project: string; crawler: string }, CrawlSummary> {
    return {
      kind: CRAWL_KIND,
      mode: 'inline',
      description: 'Crawls a folder, store prefix or database connection into the data catalog',
      parseInput: (input) => {
        const i = input as { project?: unknown; crawler?: unknown };
        if (typeof i?.crawler !== 'string')
          throw invalidArgument('input.crawler must name a crawler', { field: 'crawler' });
        return { project: typeof i.project === 'string' ? i.project : 'default', crawler: i.crawler };
      },
      run: async (ctx) => {
        const row = await this.row(ctx.input.project, ctx.input.crawler);
        await this.meta.db
          .updateTable('catalog_crawler_runs')
          .set({ state: 'Running' })
          .where('job_id', '=', ctx.job.id)
          .execute();
        try {
          const summary = await runCrawl(
            deps,
            {
              project: row.project,
              crawler: row.name,
              source: row.source,
              database: row.database_name,
              config: { ...DEFAULT_CONFIG, ...(JSON.parse(row.config) as CrawlerConfig) },
            },
            { signal: ctx.signal, log: (t) => ctx.log(t), progress: (p, m) => ctx.progress(p, m) },
          );
          for (const p of summary.problems) ctx.log(`problem: ${p.path}: ${p.problem}`);
          ctx.log(
            `tables created ${summary.tablesCreated.length}, updated ${summary.tablesUpdated.length}, deleted ${summary.tablesDeleted.length}, deprecated ${summary.tablesDeprecated.length}; partitions added ${summary.partitionsAdded}, removed ${summary.partitionsRemoved}`,
          );
          ctx.metric('tables_created', summary.tablesCreated.length);
          ctx.metric('partitions_added', summary.partitionsAdded);
          await this.finishRun(ctx.job.id, 'Completed', summary);
          return summary;
        } catch (err) {
          await this.finishRun(ctx.job.id, ctx.signal.aborted ? 'Stopped' : 'Failed', null);
          throw err;
        }
      },
    };
  }

  /** Starts cron schedules of every crawler that has one (the server calls this when it runs jobs). */
  async startSchedules(): Promise<void> {
    this.schedulesOn = true;
    const rows = await this.meta.db
      .selectFrom('catalog_crawlers')
      .select(['project', 'name', 'schedule'])
      .where('schedule', 'is not', null)
      .execute();
    for (const r of rows) this.reschedule(r.project, r.name, r.schedule);
  }

  stopSchedules(): void {
    this.schedulesOn = false;
    for (const cron of this.schedules.values()) cron.stop();
    this.schedules.clear();
  }

  /** Only a process that runs jobs keeps cron schedules; the others just store them. */
  private schedulesOn = false;

  private reschedule(project: string, name: string, schedule: string | null): void {
    const key = `${project}/${name}`;
    this.schedules.get(key)?.stop();
    this.schedules.delete(key);
    if (!schedule || !this.schedulesOn) return;
    this.schedules.set(
      key,
      new Cron(schedule, { protect: true }, async () => {
        try {
          await this.start(project, name, 'system:scheduler');
        } catch (err) {
          this.logger.warn({ err, crawler: name }, 'scheduled crawl not started');
        }
      }),
    );
  }
}
