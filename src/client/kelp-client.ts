import type {
  AlgorithmInfo,
  AuditPage,
  CatalogDatabase,
  CatalogPartition,
  CatalogTable,
  CompileBody,
  Connection,
  CrawlBody,
  Crawler,
  CrawlerRun,
  CreateConnectionBody,
  CreateDatabaseBody,
  CreateEndpointBody,
  CreateEndpointConfigBody,
  CreateTableBody,
  Endpoint,
  EndpointConfig,
  EndpointMetrics,
  Health,
  Identity,
  ImportModelBody,
  JobBody,
  JobHistoryBody,
  JobKindsBody,
  JobLogLineBody,
  JobMetricsBody,
  JobPageBody,
  ListJobsQuery,
  ListObjectsQuery,
  Model,
  ObjectInfo,
  ObjectPage,
  PredictBody,
  Query as QueryBody,
  QueryResults,
  SecretInfoBody,
  SecretList,
  StartQueryBody,
  SubmitJobBody,
  TableSample,
  TableVersion,
  TrainBody,
  TransformBody,
  UpdateTableBody,
  UploadPart,
} from '../contract/index.js';
import { validateKey } from '../contract/index.js';
import { codeForHttpStatus, type ErrorCode, PlatformError } from '../core/errors.js';
import { parseSse } from './sse.js';

const enc = encodeURIComponent;

export interface KelpClientOptions {
  /** Server URL, e.g. `http://127.0.0.1:8750`. */
  readonly url: string;
  /** Admin token, when the server requires one. */
  readonly token?: string;
  /** Project for every call (default `default`). */
  readonly project?: string;
  /** A fetch implementation (default: the global one). */
  readonly fetch?: typeof fetch;
}

/** Bytes to upload: anything fetch takes, or an async iterable of chunks (Node streams are). */
export type UploadBody = string | Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface PutObjectOptions {
  readonly contentType?: string;
  readonly metadata?: Record<string, string>;
  readonly onProgress?: (bytes: number) => void;
  readonly signal?: AbortSignal;
}

export type JobStreamEvent =
  | { type: 'state'; job: JobBody }
  | { type: 'progress'; progress: number; progressMessage: string; statusMessage: string }
  | { type: 'log'; line: JobLogLineBody }
  | { type: 'metric'; metric: { name: string; value: number; step: number; timestamp: string } };

type Query = Record<string, string | number | boolean | undefined>;

const RECORDIO = 'application/x-recordio-protobuf';

/**
 * The body of an invocation's answer for an Accept type `A`: bytes for RecordIO, text for the others
 * (and without Accept); either when `A` is only known as a string.
 */
export type InvocationBody<A extends string> = [A] extends [never]
  ? string
  : string extends A
    ? string | Uint8Array
    : A extends typeof RECORDIO
      ? Uint8Array
      : string;

export interface InvocationResponse<A extends string = never> {
  readonly body: InvocationBody<A>;
  readonly contentType: string;
  readonly variant: string;
  readonly customAttributes?: string;
}

/** An error answered by the server, with its code (`not_found`, ...), message and details. */
export class KelpApiError extends PlatformError {
  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown>,
    readonly status: number,
  ) {
    super(code, message, details);
    this.name = 'KelpApiError';
  }
}

/** Checked here too: a URL would silently resolve `..` segments before the server could refuse them. */
function encodeKey(key: string): string {
  return validateKey(key).split('/').map(encodeURIComponent).join('/');
}

async function* counted(
  body: AsyncIterable<Uint8Array>,
  onProgress: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const chunk of body) {
    n += chunk.byteLength;
    onProgress(n);
    yield chunk;
  }
}

/**
 * The typed client of Kelp's HTTP API, used by the CLI and the console, and by users' own code:
 * `const kelp = new KelpClient({ url: 'http://127.0.0.1:8750' }); await kelp.jobs.list()`.
 */
export class KelpClient {
  readonly url: string;
  readonly project: string;
  private readonly fetchImpl: typeof fetch;
  private readonly token: string | undefined;

  constructor(options: KelpClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.project = options.project ?? 'default';
    this.token = options.token;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** A client for another project on the same server. */
  withProject(project: string): KelpClient {
    return new KelpClient({
      url: this.url,
      project,
      fetch: this.fetchImpl,
      ...(this.token ? { token: this.token } : {}),
    });
  }

  async request(
    method: string,
    path: string,
    init: {
      query?: Query;
      json?: unknown;
      body?: RequestInit['body'];
      headers?: Record<string, string>;
      signal?: AbortSignal;
    } = {},
  ): Promise<Response> {
    const url = new URL(`${this.url}${path}`);
    for (const [k, v] of Object.entries({ project: this.project, ...init.query })) {
      if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { ...init.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await this.fetchImpl(url, {
      method,
      headers,
      ...(body !== undefined ? { body, duplex: 'half' } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    } as RequestInit);
    if (!res.ok && res.status !== 304) throw await this.toError(res);
    return res;
  }

  private async toError(res: Response): Promise<KelpApiError> {
    const text = await res.text().catch(() => '');
    try {
      const { error } = JSON.parse(text) as {
        error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
      };
      return new KelpApiError(error.code, error.message, error.details ?? {}, res.status);
    } catch {
      return new KelpApiError(codeForHttpStatus(res.status), text || `HTTP ${res.status}`, {}, res.status);
    }
  }

  private async json<T>(
    method: string,
    path: string,
    init: Parameters<KelpClient['request']>[2] = {},
  ): Promise<T> {
    return (await (await this.request(method, path, init)).json()) as T;
  }

  health(): Promise<Health> {
    return this.json('GET', '/api/health');
  }

  identity(): Promise<Identity> {
    return this.json('GET', '/api/v1/identity');
  }

  readonly objects = {
    list: (query: ListObjectsQuery = {}): Promise<ObjectPage> =>
      this.json('GET', '/api/v1/objects', { query: { ...query } }),
    put: (key: string, body: UploadBody, options: PutObjectOptions = {}): Promise<ObjectInfo> => {
      const headers: Record<string, string> = {};
      if (options.contentType) headers['content-type'] = options.contentType;
      for (const [k, v] of Object.entries(options.metadata ?? {}))
        headers[`x-kelp-meta-${k.toLowerCase()}`] = v;
      let payload = body as RequestInit['body'];
      if (options.onProgress && typeof body === 'object' && Symbol.asyncIterator in body) {
        payload = counted(
          body as AsyncIterable<Uint8Array>,
          options.onProgress,
        ) as unknown as RequestInit['body'];
      }
      return this.json('PUT', `/api/v1/objects/${encodeKey(key)}`, {
        body: payload,
        headers,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    },
    /** Streams an object; `range` asks for bytes start..end (inclusive). */
    get: async (key: string, options: { range?: { start: number; end?: number } } = {}) => {
      const headers: Record<string, string> = {};
      if (options.range) headers.range = `bytes=${options.range.start}-${options.range.end ?? ''}`;
      const res = await this.request('GET', `/api/v1/objects/${encodeKey(key)}`, { headers });
      return { info: this.infoFromHeaders(key, res), body: res.body ?? new ReadableStream<Uint8Array>() };
    },
    head: async (key: string): Promise<ObjectInfo> =>
      this.infoFromHeaders(key, await this.request('HEAD', `/api/v1/objects/${encodeKey(key)}`)),
    delete: async (key: string): Promise<void> => {
      await this.request('DELETE', `/api/v1/objects/${encodeKey(key)}`);
    },
    createUpload: (key: string, options: { contentType?: string; metadata?: Record<string, string> } = {}) =>
      this.json<{ uploadId: string; key: string }>('POST', '/api/v1/uploads', { json: { key, ...options } }),
    uploadPart: (uploadId: string, partNumber: number, body: UploadBody): Promise<UploadPart> =>
      this.json('PUT', `/api/v1/uploads/${encodeURIComponent(uploadId)}/parts/${partNumber}`, {
        body: body as RequestInit['body'],
      }),
    completeUpload: (uploadId: string, parts: UploadPart[]): Promise<ObjectInfo> =>
      this.json('POST', `/api/v1/uploads/${encodeURIComponent(uploadId)}/complete`, { json: { parts } }),
    abortUpload: async (uploadId: string): Promise<void> => {
      await this.request('DELETE', `/api/v1/uploads/${encodeURIComponent(uploadId)}`);
    },
  };

  private infoFromHeaders(key: string, res: Response): ObjectInfo {
    const metadata: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (name.startsWith('x-kelp-meta-')) metadata[name.slice('x-kelp-meta-'.length)] = value;
    });
    const range = res.headers.get('content-range');
    return {
      key,
      size: Number(range ? range.split('/')[1] : (res.headers.get('content-length') ?? 0)),
      etag: res.headers.get('etag') ?? '',
      lastModified: new Date(res.headers.get('last-modified') ?? 0).toISOString(),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
      metadata,
    };
  }

  readonly jobs = {
    submit: (spec: SubmitJobBody): Promise<JobBody> => this.json('POST', '/api/v1/jobs', { json: spec }),
    get: (name: string): Promise<JobBody> => this.json('GET', `/api/v1/jobs/${encodeURIComponent(name)}`),
    list: (query: ListJobsQuery = {}): Promise<JobPageBody> =>
      this.json('GET', '/api/v1/jobs', { query: { ...query } }),
    stop: (name: string): Promise<JobBody> =>
      this.json('POST', `/api/v1/jobs/${encodeURIComponent(name)}/stop`),
    logs: async (name: string, after?: string): Promise<JobLogLineBody[]> =>
      (
        await this.json<{ lines: JobLogLineBody[] }>('GET', `/api/v1/jobs/${encodeURIComponent(name)}/logs`, {
          query: { after },
        })
      ).lines,
    /** Yields log lines as they are written, until the job ends; then returns its final state. */
    followLogs: async function* (
      this: KelpClient,
      name: string,
      after?: string,
    ): AsyncGenerator<JobLogLineBody, string> {
      const res = await this.request('GET', `/api/v1/jobs/${encodeURIComponent(name)}/logs`, {
        query: { follow: true, after },
      });
      let state = 'unknown';
      for await (const e of parseSse(res.body!)) {
        if (e.event === 'log') yield JSON.parse(e.data) as JobLogLineBody;
        if (e.event === 'end') state = (JSON.parse(e.data) as { state: string }).state;
      }
      return state;
    }.bind(this),
    /** Follows the job until it ends (Completed, Failed or Stopped) and returns it, as SageMaker's `wait()`. */
    wait: async (name: string): Promise<JobBody> => {
      for await (const _ of this.jobs.followLogs(name)) {
        // the log lines are not needed, only the end
      }
      return this.jobs.get(name);
    },
    /** Yields the job's events (state, progress, log, metric) until it ends. */
    events: async function* (this: KelpClient, name: string): AsyncGenerator<JobStreamEvent> {
      const res = await this.request('GET', `/api/v1/jobs/${encodeURIComponent(name)}/events`);
      for await (const e of parseSse(res.body!)) {
        const data = JSON.parse(e.data) as Record<string, unknown>;
        if (e.event === 'state') yield { type: 'state', job: data as unknown as JobBody };
        else yield { ...(data as object), type: e.event } as JobStreamEvent;
      }
    }.bind(this),
    metrics: async (name: string, metric?: string) =>
      (
        await this.json<JobMetricsBody>('GET', `/api/v1/jobs/${encodeURIComponent(name)}/metrics`, {
          query: { name: metric },
        })
      ).metrics,
    history: async (name: string) =>
      (await this.json<JobHistoryBody>('GET', `/api/v1/jobs/${encodeURIComponent(name)}/history`)).history,
    kinds: async () => (await this.json<JobKindsBody>('GET', '/api/v1/job-kinds')).kinds,
  };

  readonly audit = {
    list: (
      query: { principal?: string; action?: string; resource?: string; cursor?: string; limit?: number } = {},
    ): Promise<AuditPage> => this.json('GET', '/api/v1/audit', { query }),
  };

  readonly secrets = {
    put: (name: string, value: string, description?: string): Promise<SecretInfoBody> =>
      this.json('PUT', `/api/v1/secrets/${encodeURIComponent(name)}`, {
        json: { value, ...(description !== undefined ? { description } : {}) },
      }),
    list: async () => (await this.json<SecretList>('GET', '/api/v1/secrets')).secrets,
    describe: (name: string): Promise<SecretInfoBody> =>
      this.json('GET', `/api/v1/secrets/${encodeURIComponent(name)}`),
    delete: async (name: string): Promise<void> => {
      await this.request('DELETE', `/api/v1/secrets/${encodeURIComponent(name)}`);
    },
  };

  readonly catalog = {
    databases: async (): Promise<CatalogDatabase[]> =>
      (await this.json<{ databases: CatalogDatabase[] }>('GET', '/api/v1/catalog/databases')).databases,
    createDatabase: (body: CreateDatabaseBody): Promise<CatalogDatabase> =>
      this.json('POST', '/api/v1/catalog/databases', { json: body }),
    deleteDatabase: async (db: string): Promise<void> => {
      await this.request('DELETE', `/api/v1/catalog/databases/${enc(db)}`);
    },
    tables: async (db: string): Promise<CatalogTable[]> =>
      (await this.json<{ tables: CatalogTable[] }>('GET', `/api/v1/catalog/databases/${enc(db)}/tables`))
        .tables,
    table: (db: string, table: string): Promise<CatalogTable> =>
      this.json('GET', `/api/v1/catalog/databases/${enc(db)}/tables/${enc(table)}`),
    createTable: (db: string, body: CreateTableBody): Promise<CatalogTable> =>
      this.json('POST', `/api/v1/catalog/databases/${enc(db)}/tables`, { json: body }),
    updateTable: (db: string, table: string, body: UpdateTableBody): Promise<CatalogTable> =>
      this.json('PATCH', `/api/v1/catalog/databases/${enc(db)}/tables/${enc(table)}`, { json: body }),
    deleteTable: async (db: string, table: string): Promise<void> => {
      await this.request('DELETE', `/api/v1/catalog/databases/${enc(db)}/tables/${enc(table)}`);
    },
    versions: async (db: string, table: string): Promise<TableVersion[]> =>
      (
        await this.json<{ versions: TableVersion[] }>(
          'GET',
          `/api/v1/catalog/databases/${enc(db)}/tables/${enc(table)}/versions`,
        )
      ).versions,
    partitions: async (db: string, table: string): Promise<CatalogPartition[]> =>
      (
        await this.json<{ partitions: CatalogPartition[] }>(
          'GET',
          `/api/v1/catalog/databases/${enc(db)}/tables/${enc(table)}/partitions`,
        )
      ).partitions,
    sample: (db: string, table: string, limit?: number): Promise<TableSample> =>
      this.json('GET', `/api/v1/catalog/databases/${enc(db)}/tables/${enc(table)}/sample`, {
        query: { limit },
      }),
    schema: async () =>
      (
        await this.json<{ tables: { database: string; name: string; columns: string[] }[] }>(
          'GET',
          '/api/v1/catalog/schema',
        )
      ).tables,
  };

  readonly crawlers = {
    list: async (): Promise<Crawler[]> =>
      (await this.json<{ crawlers: Crawler[] }>('GET', '/api/v1/catalog/crawlers')).crawlers,
    /** Creates or updates a crawler; starts a run unless `run: false`. */
    upsert: (body: CrawlBody): Promise<{ crawler: Crawler; job?: JobBody }> =>
      this.json('POST', '/api/v1/catalog/crawlers', { json: body }),
    get: (name: string): Promise<Crawler> => this.json('GET', `/api/v1/catalog/crawlers/${enc(name)}`),
    delete: async (name: string): Promise<void> => {
      await this.request('DELETE', `/api/v1/catalog/crawlers/${enc(name)}`);
    },
    start: (name: string): Promise<JobBody> =>
      this.json('POST', `/api/v1/catalog/crawlers/${enc(name)}/runs`),
    runs: async (name: string): Promise<CrawlerRun[]> =>
      (await this.json<{ runs: CrawlerRun[] }>('GET', `/api/v1/catalog/crawlers/${enc(name)}/runs`)).runs,
  };

  readonly queries = {
    start: (body: StartQueryBody): Promise<QueryBody> =>
      this.json('POST', '/api/v1/catalog/queries', { json: body }),
    get: (id: string): Promise<QueryBody> => this.json('GET', `/api/v1/catalog/queries/${enc(id)}`),
    list: async (limit?: number): Promise<QueryBody[]> =>
      (await this.json<{ queries: QueryBody[] }>('GET', '/api/v1/catalog/queries', { query: { limit } }))
        .queries,
    cancel: (id: string): Promise<QueryBody> =>
      this.json('POST', `/api/v1/catalog/queries/${enc(id)}/cancel`),
    results: (id: string, offset?: number, limit?: number): Promise<QueryResults> =>
      this.json('GET', `/api/v1/catalog/queries/${enc(id)}/results`, { query: { offset, limit } }),
    /** Polls until the query leaves Queued/Running: every 20 ms at first, backing off to `intervalMs` (250). */
    wait: async (
      id: string,
      options: { intervalMs?: number; signal?: AbortSignal } = {},
    ): Promise<QueryBody> => {
      let interval = 20;
      for (;;) {
        const q = await this.queries.get(id);
        if (q.state !== 'Queued' && q.state !== 'Running') return q;
        options.signal?.throwIfAborted();
        await new Promise((r) => setTimeout(r, interval));
        interval = Math.min(options.intervalMs ?? 250, Math.ceil(interval * 1.5));
      }
    },
  };

  readonly connections = {
    list: async (): Promise<Connection[]> =>
      (await this.json<{ connections: Connection[] }>('GET', '/api/v1/catalog/connections')).connections,
    create: (body: CreateConnectionBody): Promise<Connection> =>
      this.json('POST', '/api/v1/catalog/connections', { json: body }),
    get: (name: string): Promise<Connection> => this.json('GET', `/api/v1/catalog/connections/${enc(name)}`),
    delete: async (name: string): Promise<void> => {
      await this.request('DELETE', `/api/v1/catalog/connections/${enc(name)}`);
    },
    test: (name: string): Promise<{ serverVersion: string }> =>
      this.json('POST', `/api/v1/catalog/connections/${enc(name)}/test`),
  };

  readonly models = {
    algorithms: async (): Promise<AlgorithmInfo[]> =>
      (await this.json<{ algorithms: AlgorithmInfo[] }>('GET', '/api/v1/algorithms')).algorithms,
    train: (body: TrainBody): Promise<{ job: JobBody; model: string }> =>
      this.json('POST', '/api/v1/training-jobs', { json: body }),
    list: async (): Promise<Model[]> =>
      (await this.json<{ models: Model[] }>('GET', '/api/v1/models')).models,
    get: (name: string): Promise<Model> => this.json('GET', `/api/v1/models/${enc(name)}`),
    delete: async (name: string): Promise<void> => {
      await this.request('DELETE', `/api/v1/models/${enc(name)}`);
    },
    predict: (name: string, body: PredictBody): Promise<JobBody> =>
      this.json('POST', `/api/v1/models/${enc(name)}/predictions`, { json: body }),
    /** Registers an uploaded .onnx object as a model (served by ONNX Runtime). */
    importOnnx: (body: ImportModelBody): Promise<Model> =>
      this.json('POST', '/api/v1/models/import', { json: body }),
  };

  /** ONNX export jobs (SageMaker Neo): the result names the model.onnx object. */
  readonly compilations = {
    start: (body: CompileBody): Promise<JobBody> =>
      this.json('POST', '/api/v1/compilation-jobs', { json: body }),
  };

  /** Batch transform jobs (SageMaker's CreateTransformJob). */
  readonly transforms = {
    start: (body: TransformBody): Promise<JobBody> =>
      this.json('POST', '/api/v1/transform-jobs', { json: body }),
  };

  readonly endpointConfigs = {
    create: (body: CreateEndpointConfigBody): Promise<EndpointConfig> =>
      this.json('POST', '/api/v1/endpoint-configs', { json: body }),
    list: async (): Promise<EndpointConfig[]> =>
      (await this.json<{ endpointConfigs: EndpointConfig[] }>('GET', '/api/v1/endpoint-configs'))
        .endpointConfigs,
    get: (name: string): Promise<EndpointConfig> => this.json('GET', `/api/v1/endpoint-configs/${enc(name)}`),
    delete: async (name: string): Promise<void> => {
      await this.request('DELETE', `/api/v1/endpoint-configs/${enc(name)}`);
    },
  };

  readonly endpoints = {
    create: (body: CreateEndpointBody): Promise<Endpoint> =>
      this.json('POST', '/api/v1/endpoints', { json: body }),
    list: async (): Promise<Endpoint[]> =>
      (await this.json<{ endpoints: Endpoint[] }>('GET', '/api/v1/endpoints')).endpoints,
    get: (name: string): Promise<Endpoint> => this.json('GET', `/api/v1/endpoints/${enc(name)}`),
    metrics: (name: string, seconds?: number): Promise<EndpointMetrics> =>
      this.json('GET', `/api/v1/endpoints/${enc(name)}/metrics`, { query: { seconds } }),
    update: (name: string, config: string): Promise<Endpoint> =>
      this.json('PUT', `/api/v1/endpoints/${enc(name)}`, { json: { config } }),
    delete: async (name: string): Promise<void> => {
      await this.request('DELETE', `/api/v1/endpoints/${enc(name)}`);
    },
    /** Polls until the endpoint is InService (or Failed: then throws with its reason). */
    waitInService: async (name: string, timeoutMs = 120_000): Promise<Endpoint> => {
      const until = Date.now() + timeoutMs;
      // Backing off to 100 ms at most: an endpoint usually comes up within a second, and a longer step
      // would make the caller (and the cold-start benchmark) wait up to that much past the moment.
      for (let delay = 20; ; delay = Math.min(100, delay * 2)) {
        const e = await this.endpoints.get(name);
        // A failed update leaves the endpoint InService on its old config, with the reason.
        if (e.status === 'InService' && e.failureReason)
          throw new KelpApiError('invalid_state', e.failureReason, { endpoint: name }, 409);
        if (e.status === 'InService') return e;
        if (e.status === 'Failed')
          throw new KelpApiError(
            'invalid_state',
            `endpoint ${name} failed: ${e.failureReason}`,
            { endpoint: name },
            409,
          );
        if (Date.now() > until)
          throw new KelpApiError('timeout', `endpoint ${name} is still ${e.status}`, { endpoint: name }, 504);
        await new Promise((r) => setTimeout(r, delay));
      }
    },
    /**
     * SageMaker's InvokeEndpoint: the body as is, the response body and headers back. The body is
     * bytes when the answer is application/x-recordio-protobuf (`accept` asked for it), else text.
     */
    invoke: async <A extends string = never>(
      name: string,
      body: string | Uint8Array,
      options: {
        contentType: string;
        accept?: A;
        targetVariant?: string;
        targetModel?: string;
        customAttributes?: string;
      },
    ): Promise<InvocationResponse<A>> => {
      const res = await this.request('POST', `/endpoints/${enc(name)}/invocations`, {
        // Bytes (RecordIO) go as an ArrayBuffer of exactly their size, which fetch takes in Node and
        // browsers alike (a Node Buffer's own .buffer is a shared slab, and Buffer.slice makes no copy).
        body: typeof body === 'string' ? body : (new Uint8Array(body).buffer as ArrayBuffer),
        headers: {
          'content-type': options.contentType,
          ...(options.accept ? { accept: options.accept } : {}),
          ...(options.targetVariant ? { 'x-amzn-sagemaker-target-variant': options.targetVariant } : {}),
          ...(options.targetModel ? { 'x-amzn-sagemaker-target-model': options.targetModel } : {}),
          ...(options.customAttributes
            ? { 'x-amzn-sagemaker-custom-attributes': options.customAttributes }
            : {}),
        },
      });
      const custom = res.headers.get('x-amzn-sagemaker-custom-attributes');
      const contentType = res.headers.get('content-type') ?? '';
      const binary = contentType.split(';')[0]!.trim().toLowerCase() === RECORDIO;
      return {
        body: (binary ? new Uint8Array(await res.arrayBuffer()) : await res.text()) as InvocationBody<A>,
        contentType,
        variant: res.headers.get('x-amzn-invoked-production-variant') ?? '',
        ...(custom !== null ? { customAttributes: custom } : {}),
      };
    },
  };
}
