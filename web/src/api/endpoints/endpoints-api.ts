import type {
  Endpoint,
  EndpointConfig,
  EndpointMetricPoint,
  EndpointMetrics,
  EndpointState,
  Variant,
  VariantStatus,
} from '../../../../src/contract/index.js';
import { kelp } from '../client.js';
import { configNameFor } from './deployment.js';
import type { ContentType } from './invocation.js';

export type {
  Endpoint,
  EndpointConfig,
  EndpointMetricPoint,
  EndpointMetrics,
  EndpointState,
  Variant,
  VariantStatus,
};

/** What the deploy form sends: an endpoint name and the variants of its new config. */
export interface Deployment {
  readonly name: string;
  readonly variants: readonly Variant[];
}

export interface Invocation {
  readonly name: string;
  readonly body: string;
  readonly contentType: ContentType;
  /** Response type; the content type when absent. */
  readonly accept?: ContentType;
  /** Variant to answer; one chosen by weight when absent. */
  readonly targetVariant?: string;
}

export interface InvocationResult {
  readonly body: string;
  readonly contentType: string;
  /** The variant that answered. */
  readonly variant: string;
}

/**
 * Creates a config from the variants (named after the endpoint and the time), then creates the
 * endpoint, or switches an existing one to the config without downtime. The config is removed again
 * when the endpoint call is refused, so a failed deploy leaves nothing behind.
 */
async function deploy(d: Deployment): Promise<Endpoint> {
  const config = await kelp.endpointConfigs.create({
    name: configNameFor(d.name),
    variants: [...d.variants],
  });
  try {
    // The list rather than a GET of the name: a new endpoint would be a 404 the browser logs.
    const exists = (await kelp.endpoints.list()).some((e) => e.name === d.name);
    return exists
      ? await kelp.endpoints.update(d.name, config.name)
      : await kelp.endpoints.create({ name: d.name, config: config.name });
  } catch (err) {
    await kelp.endpointConfigs.delete(config.name).catch(() => undefined);
    throw err;
  }
}

export const endpointsApi = {
  list: (): Promise<Endpoint[]> => kelp.endpoints.list(),
  get: (name: string): Promise<Endpoint> => kelp.endpoints.get(name),
  /** Per variant, 5-second buckets over the last `seconds` (default 300). */
  metrics: (name: string, seconds?: number): Promise<EndpointMetrics> =>
    kelp.endpoints.metrics(name, seconds),
  configs: (): Promise<EndpointConfig[]> => kelp.endpointConfigs.list(),
  config: (name: string): Promise<EndpointConfig> => kelp.endpointConfigs.get(name),
  deploy,
  remove: (name: string): Promise<void> => kelp.endpoints.delete(name),
  invoke: async (v: Invocation): Promise<InvocationResult> => {
    const r = await kelp.endpoints.invoke(v.name, v.body, {
      contentType: v.contentType,
      ...(v.accept ? { accept: v.accept } : {}),
      ...(v.targetVariant ? { targetVariant: v.targetVariant } : {}),
    });
    return { body: r.body, contentType: r.contentType, variant: r.variant };
  },
};

/** States an endpoint passes through on its way somewhere: its page polls while it is in one. */
export const BUSY_STATES: ReadonlySet<EndpointState> = new Set(['Creating', 'Updating', 'Deleting']);

/** Whether the endpoint answers invocations (an update keeps the old variants serving). */
export const isServing = (e: Endpoint): boolean => e.status === 'InService' || e.status === 'Updating';
