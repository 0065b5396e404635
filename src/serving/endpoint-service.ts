import type { Selectable } from 'kysely';

import type {
  CreateEndpointBody,
  Endpoint,
  EndpointConfig,
  EndpointMetrics,
  EndpointState,
  Variant,
} from '../contract/index.js';
import { invalidArgument, invalidState, type Logger, newId, notFound, PlatformError } from '../core/index.js';
import type { EndpointsTable, MetaStore, ObjectStore } from '../storage/index.js';
import { insertUnique } from '../storage/index.js';
import { localModelArtifact, type ModelService } from '../training/index.js';
import { Autoscaler, SCALER_TICK_MS } from './autoscaler.js';
import { type CapturedPayload, CaptureWriter } from './data-capture.js';
import { EndpointConfigStore } from './endpoint-configs.js';
import { type LiveEndpoint, pickByWeight, retire, timed } from './live-endpoint.js';
import { BUCKET_SECONDS } from './traffic-stats.js';
import { type InvokeResult, VariantHost } from './variant-host.js';

export interface EndpointDeps {
  readonly meta: MetaStore;
  readonly objects: ObjectStore;
  readonly models: ModelService;
  readonly logger: Logger;
  /** Where model artifacts are copied for the workers. */
  readonly cacheDir: string;
  /** This process hosts endpoints (the server does; a one-shot CLI process only records them). */
  readonly serve: boolean;
}

export interface Invocation {
  readonly contentType: string | undefined;
  readonly accept: string | undefined;
  readonly targetVariant: string | undefined;
  /** Multi-model variants: the model to answer with (X-Amzn-SageMaker-Target-Model). */
  readonly targetModel?: string | undefined;
  readonly body: string | Uint8Array;
}

const key = (project: string, name: string) => `${project}\0${name}`;

/**
 * Endpoint configs and endpoints (SageMaker's CreateEndpointConfig / CreateEndpoint /
 * UpdateEndpoint / DeleteEndpoint) and the invocations they serve. Each variant runs its model in
 * worker threads (VariantHost); an update warms the new variants before the old ones drain.
 */
export class EndpointService {
  readonly configs: EndpointConfigStore;
  private readonly live = new Map<string, LiveEndpoint>();
  /** Settles when the endpoints restored at start are up (or have failed). */
  private restoring: Promise<void> = Promise.resolve();
  private readonly scaling: NodeJS.Timeout | undefined;

  constructor(private readonly deps: EndpointDeps) {
    this.configs = new EndpointConfigStore(deps.meta, deps.models);
    if (deps.serve) {
      this.scaling = setInterval(() => {
        for (const l of this.live.values()) for (const s of l.scalers) s.tick();
      }, SCALER_TICK_MS);
      this.scaling.unref();
    }
    deps.models.onDelete(async (project, model) => {
      const rows = await this.deps.meta.db
        .selectFrom('endpoints as e')
        .innerJoin('endpoint_configs as c', (j) =>
          j.onRef('c.project', '=', 'e.project').onRef('c.name', '=', 'e.config_name'),
        )
        .select(['e.name as endpoint', 'c.variants'])
        .where('e.project', '=', project)
        .execute();
      const using = rows.filter((r) => (JSON.parse(r.variants) as Variant[]).some((v) => v.model === model));
      return using.length
        ? `endpoint ${using.map((r) => r.endpoint).join(', ')} serves it; delete or update the endpoint first`
        : undefined;
    });
  }

  async create(project: string, body: CreateEndpointBody, principal: string): Promise<Endpoint> {
    const config = await this.configs.get(project, body.config);
    const now = Date.now();
    await insertUnique(
      this.deps.meta,
      () =>
        this.deps.meta.db
          .insertInto('endpoints')
          .values({
            id: newId(),
            project,
            name: body.name,
            config_name: config.name,
            status: 'Creating',
            failure_reason: null,
            created_by: principal,
            created_at: now,
            updated_at: now,
          })
          .execute(),
      `endpoint '${body.name}' already exists`,
    );
    if (this.deps.serve) void this.launch(project, body.name, config);
    return this.get(project, body.name);
  }

  /** Switches an endpoint to another config: the new variants warm up, then take over, then the old drain. */
  async update(project: string, name: string, configName: string): Promise<Endpoint> {
    const endpoint = await this.get(project, name);
    if (endpoint.status !== 'InService' && endpoint.status !== 'Failed')
      throw invalidState(`endpoint '${name}' is ${endpoint.status}; wait until it is InService`, {
        endpoint: name,
      });
    const config = await this.configs.get(project, configName);
    await this.setStatus(project, name, 'Updating', null);
    if (this.deps.serve) void this.launch(project, name, config);
    return this.get(project, name);
  }

  async delete(project: string, name: string): Promise<void> {
    await this.get(project, name);
    await this.setStatus(project, name, 'Deleting', null);
    const live = this.live.get(key(project, name));
    this.live.delete(key(project, name));
    if (live) await retire(live);
    await this.deps.meta.db
      .deleteFrom('endpoints')
      .where('project', '=', project)
      .where('name', '=', name)
      .execute();
  }

  async get(project: string, name: string): Promise<Endpoint> {
    const row = await this.deps.meta.db
      .selectFrom('endpoints')
      .selectAll()
      .where('project', '=', project)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw notFound(`no endpoint '${name}'`, { endpoint: name });
    return this.toEndpoint(row);
  }

  async list(project: string): Promise<Endpoint[]> {
    const rows = await this.deps.meta.db
      .selectFrom('endpoints')
      .selectAll()
      .where('project', '=', project)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => this.toEndpoint(r));
  }

  /** Serves one invocation: a variant by weight (or the one named), then its least busy worker. */
  async invoke(project: string, name: string, req: Invocation): Promise<InvokeResult & { variant: string }> {
    let live = this.live.get(key(project, name));
    if (!live) {
      await this.restoring;
      live = this.live.get(key(project, name));
    }
    if (!live) {
      const endpoint = await this.get(project, name);
      throw new PlatformError(
        endpoint.status === 'Creating' || endpoint.status === 'Updating' ? 'unavailable' : 'invalid_state',
        `endpoint '${name}' is ${endpoint.status}${this.deps.serve ? '' : ' (endpoints are served by a running Kelp server: kelp up)'}`,
        { endpoint: name, status: endpoint.status },
      );
    }
    const host = req.targetVariant
      ? live.hosts.find((h) => h.name === req.targetVariant)
      : pickByWeight(live);
    if (!host)
      throw invalidArgument(
        `endpoint '${name}' has no variant '${req.targetVariant}' (variants: ${live.hosts.map((h) => h.name).join(', ')})`,
        { variant: req.targetVariant },
      );
    const artifact = await this.targetArtifact(project, host, req.targetModel);
    const input = { contentType: req.contentType ?? '', body: req.body };
    for (const shadow of live.shadows) void this.shadow(live, shadow, req, input);
    const result = await timed(host, req, artifact);
    live.capture?.record(host.name, input, { contentType: result.contentType, body: result.body });
    return { ...result, variant: host.name };
  }

  /** The artifact a multi-model variant answers with (the target model, else its default model). */
  private async targetArtifact(project: string, host: VariantHost, targetModel: string | undefined) {
    if (!host.multiModel) {
      if (targetModel)
        throw invalidArgument(
          `variant ${host.name} serves one model; X-Amzn-SageMaker-Target-Model needs a MultiModel variant`,
          { model: targetModel },
        );
      return undefined;
    }
    return localModelArtifact(this.deps, project, targetModel ?? host.model);
  }

  /** A shadow's answer is captured and counted, never returned; its failures touch only its stats. */
  private async shadow(live: LiveEndpoint, host: VariantHost, req: Invocation, input: CapturedPayload) {
    try {
      const r = await timed(host, req);
      live.capture?.record(host.name, input, { contentType: r.contentType, body: r.body });
    } catch {
      // counted as an error in the shadow's stats
    }
  }

  /** Per variant: invocations, errors and latency percentiles in 5-second buckets over the last `seconds`. */
  async metrics(project: string, name: string, seconds: number): Promise<EndpointMetrics> {
    await this.get(project, name);
    const live = this.live.get(key(project, name));
    return {
      bucketSeconds: BUCKET_SECONDS,
      variants: [...(live?.hosts ?? []), ...(live?.shadows ?? [])].map((h) => ({
        name: h.name,
        points: h.stats.points(seconds),
      })),
    };
  }

  /** Brings back the endpoints recorded as serving (after a restart); finishes interrupted deletes. */
  async restore(): Promise<void> {
    if (!this.deps.serve) return;
    const rows = await this.deps.meta.db.selectFrom('endpoints').selectAll().execute();
    const launches: Promise<void>[] = [];
    for (const r of rows) {
      if (r.status === 'Deleting') {
        await this.deps.meta.db.deleteFrom('endpoints').where('id', '=', r.id).execute();
        continue;
      }
      if (r.status === 'Failed') continue;
      const config = await this.configs.get(r.project, r.config_name).catch(() => undefined);
      if (config) launches.push(this.launch(r.project, r.name, config));
    }
    this.restoring = Promise.all(launches).then(() => undefined);
  }

  async close(): Promise<void> {
    clearInterval(this.scaling);
    const all = [...this.live.values()];
    this.live.clear();
    await Promise.all(all.map((l) => retire(l, 2000)));
  }

  /**
   * Starts (and warms) the config's variants, then puts them in service. For an update the old
   * variants keep serving until the new ones are ready, and drain afterwards; a failed update leaves
   * the old ones serving and says why.
   */
  private async launch(project: string, name: string, config: EndpointConfig): Promise<void> {
    const hosts: VariantHost[] = [];
    const shadows: VariantHost[] = [];
    try {
      for (const v of [...config.variants, ...config.shadowVariants]) {
        // A multi-model variant loads models per request; its default model must exist now.
        const { artifactPath, classes } = await localModelArtifact(this.deps, project, v.model);
        const multi = v.mode === 'MultiModel';
        const host = new VariantHost(
          v.name,
          v.model,
          multi ? undefined : artifactPath,
          v.workers,
          this.deps.logger,
          multi ? (v.maxModels ?? 10) : 1,
          classes,
        );
        (config.variants.includes(v) ? hosts : shadows).push(host);
        await host.start();
      }
    } catch (err) {
      await Promise.all([...hosts, ...shadows].map((h) => h.stop(0)));
      const reason = (err as Error).message;
      this.deps.logger.error({ err, endpoint: name }, 'endpoint variants failed to start');
      const previous = this.live.get(key(project, name));
      await this.setStatus(
        project,
        name,
        previous ? 'InService' : 'Failed',
        previous ? `update to ${config.name} failed: ${reason}` : reason,
      ).catch(() => undefined);
      return;
    }
    const k = key(project, name);
    const old = this.live.get(k);
    this.live.set(k, {
      config: config.name,
      hosts,
      weights: config.variants.map((v) => v.initialWeight),
      shadows,
      scalers: config.variants.flatMap((v, i) =>
        v.autoScaling ? [new Autoscaler(hosts[i]!, v.autoScaling)] : [],
      ),
      ...(config.dataCapture
        ? { capture: new CaptureWriter(this.deps.objects, name, config.dataCapture, this.deps.logger) }
        : {}),
    });
    await this.deps.meta.db
      .updateTable('endpoints')
      .set({ status: 'InService', failure_reason: null, config_name: config.name, updated_at: Date.now() })
      .where('project', '=', project)
      .where('name', '=', name)
      .execute();
    if (old) await retire(old);
  }

  private async setStatus(
    project: string,
    name: string,
    status: EndpointState,
    reason: string | null,
  ): Promise<void> {
    await this.deps.meta.db
      .updateTable('endpoints')
      .set({ status, failure_reason: reason, updated_at: Date.now() })
      .where('project', '=', project)
      .where('name', '=', name)
      .execute();
  }

  private toEndpoint(r: Selectable<EndpointsTable>): Endpoint {
    const live = this.live.get(key(r.project, r.name));
    return {
      name: r.name,
      config: r.config_name,
      status: r.status as EndpointState,
      failureReason: r.failure_reason,
      variants: [...(live?.hosts ?? []), ...(live?.shadows ?? [])].map((h, i) => ({
        shadow: i >= live!.hosts.length,
        name: h.name,
        model: h.model,
        weight: live!.weights[i] ?? 0,
        workers: h.workers,
        readyWorkers: h.readyWorkers,
        invocations: h.invocations,
        errors: h.errors,
      })),
      createdBy: r.created_by,
      createdAt: new Date(Number(r.created_at)).toISOString(),
      updatedAt: new Date(Number(r.updated_at)).toISOString(),
    };
  }
}
