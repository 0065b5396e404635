import { join } from 'node:path';

import { AuditLog, SecretStore } from '../auth/index.js';
import { type Catalog, createCatalog } from '../catalog/index.js';
import { createLogger, type KelpConfig, type Logger } from '../core/index.js';
import {
  cpuKind,
  JobEvents,
  JobKindRegistry,
  JobLogs,
  JobRuntime,
  JobService,
  noopKind,
  SqlJobQueue,
  scriptKind,
  sleepKind,
} from '../jobs/index.js';
import { CompileService } from '../onnx/index.js';
import { EndpointService, TransformService } from '../serving/index.js';
import { type MetaStore, type ObjectStore, openMetaStore, openObjectStore } from '../storage/index.js';
import { ModelService, TrainingService } from '../training/index.js';

export interface OpenKelpOptions {
  /** Run jobs in this process (a server does; a one-shot embedded CLI command may not). */
  readonly runJobs?: boolean;
  readonly logger?: Logger;
  /** Lease length for this process's jobs (tests shorten it). */
  readonly jobLeaseMs?: number;
}

/** Everything one Kelp process holds: stores, domain services and the job runtime. */
export interface Kelp {
  readonly config: KelpConfig;
  readonly logger: Logger;
  readonly objects: ObjectStore;
  readonly meta: MetaStore;
  readonly jobs: JobService;
  readonly runtime: JobRuntime | undefined;
  readonly audit: AuditLog;
  readonly secrets: SecretStore;
  readonly catalog: Catalog;
  readonly models: ModelService;
  readonly training: TrainingService;
  readonly endpoints: EndpointService;
  readonly transforms: TransformService;
  readonly compiler: CompileService;
  close(options?: { drainMs?: number }): Promise<void>;
}

/** Opens the stores, registers the job kinds and (optionally) starts the job runtime. */
export async function openKelp(config: KelpConfig, options: OpenKelpOptions = {}): Promise<Kelp> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const objects = await openObjectStore(config.storeUrl);
  const meta = await openMetaStore(config.metaUrl);
  const kinds = new JobKindRegistry();
  kinds.register(noopKind);
  kinds.register(sleepKind);
  kinds.register(cpuKind);
  kinds.register(scriptKind(join(config.home, 'work', 'jobs')));
  const secrets = new SecretStore(
    meta,
    await SecretStore.loadKey(config.secretKey, join(config.home, 'secret.key')),
  );
  let jobService: JobService | undefined;
  const catalog = createCatalog(
    { meta, objects, secrets, logger, home: config.home, jobs: () => jobService as JobService },
    kinds,
  );
  const models = new ModelService(meta);
  // One cache of object copies (named by key and ETag) for data files and model artifacts alike,
  // so a model served, batch-scored and compiled is copied once.
  const objectCache = join(config.home, 'cache', 'objects');
  const training = new TrainingService({
    objects,
    catalog,
    models,
    jobs: () => jobService as JobService,
    workDir: join(config.home, 'work', 'training'),
    cacheDir: objectCache,
  });
  const endpoints = new EndpointService({
    meta,
    objects,
    models,
    logger,
    cacheDir: objectCache,
    // The process that runs jobs (the server) also serves endpoints.
    serve: Boolean(options.runJobs),
  });
  const transforms = new TransformService({
    objects,
    catalog,
    models,
    jobs: () => jobService as JobService,
    logger,
    workDir: join(config.home, 'work', 'transform'),
    cacheDir: objectCache,
  });
  kinds.register(transforms.kind());
  const compiler = new CompileService({
    objects,
    models,
    catalog,
    jobs: () => jobService as JobService,
    workDir: join(config.home, 'work', 'compile'),
    cacheDir: objectCache,
  });
  kinds.register(compiler.kind());
  kinds.register(training.trainingKind());
  kinds.register(training.predictionKind());
  const queue = new SqlJobQueue(meta);
  const events = new JobEvents();
  const logs = new JobLogs(objects, events);
  const runtime = options.runJobs
    ? new JobRuntime({
        queue,
        kinds,
        logs,
        events,
        concurrency: config.jobConcurrency,
        logger,
        ...(options.jobLeaseMs ? { leaseMs: options.jobLeaseMs } : {}),
      })
    : undefined;
  const jobs = new JobService(queue, kinds, logs, events, runtime);
  jobService = jobs;
  await runtime?.start();
  if (runtime) await catalog.crawlers.startSchedules();
  await endpoints.restore();
  return {
    config,
    logger,
    objects,
    meta,
    jobs,
    runtime,
    audit: new AuditLog(meta),
    secrets,
    catalog,
    models,
    training,
    endpoints,
    transforms,
    compiler,
    async close({ drainMs } = {}) {
      await endpoints.close();
      await catalog.close();
      await runtime?.shutdown(drainMs);
      await objects.close();
      await meta.close();
    },
  };
}
