import type { Selectable } from 'kysely';

import type { CreateEndpointConfigBody, EndpointConfig, Variant } from '../contract/index.js';
import { invalidArgument, invalidState, newId, notFound } from '../core/index.js';
import { type EndpointConfigsTable, insertUnique, type MetaStore } from '../storage/index.js';
import type { ModelService } from '../training/index.js';

function toConfig(r: Selectable<EndpointConfigsTable>): EndpointConfig {
  return {
    name: r.name,
    variants: JSON.parse(r.variants),
    shadowVariants: JSON.parse(r.shadow_variants),
    dataCapture: JSON.parse(r.data_capture),
    createdBy: r.created_by,
    createdAt: new Date(Number(r.created_at)).toISOString(),
  };
}

/** Endpoint configs (SageMaker's CreateEndpointConfig): variants over models, shadows, capture. */
export class EndpointConfigStore {
  constructor(
    private readonly meta: MetaStore,
    private readonly models: ModelService,
  ) {}

  async create(project: string, body: CreateEndpointConfigBody, principal: string): Promise<EndpointConfig> {
    const names = new Set<string>();
    for (const v of [...body.variants, ...(body.shadowVariants ?? [])]) {
      if (names.has(v.name)) throw invalidArgument(`variant '${v.name}' appears twice`, { variant: v.name });
      names.add(v.name);
      await this.models.get(project, v.model);
    }
    for (const v of body.variants) {
      const a = v.autoScaling;
      if (a && !(a.minWorkers <= (v.workers ?? 1) && (v.workers ?? 1) <= a.maxWorkers))
        throw invalidArgument(
          `variant '${v.name}': workers (${v.workers ?? 1}) must lie within autoScaling ${a.minWorkers}..${a.maxWorkers}`,
          { variant: v.name },
        );
    }
    if (body.variants.every((v) => (v.initialWeight ?? 1) === 0))
      throw invalidArgument('at least one variant needs a weight above 0', { field: 'variants' });
    const withDefaults = (v: Variant) => ({
      ...v,
      initialWeight: v.initialWeight ?? 1,
      workers: v.workers ?? 1,
    });
    const variants = body.variants.map(withDefaults);
    const shadows = (body.shadowVariants ?? []).map(withDefaults);
    const capture = body.dataCapture
      ? {
          enabled: body.dataCapture.enabled ?? true,
          samplingPercentage: body.dataCapture.samplingPercentage ?? 100,
          destination: body.dataCapture.destination,
          capture: body.dataCapture.capture ?? ['Input', 'Output'],
        }
      : null;
    await insertUnique(
      this.meta,
      () =>
        this.meta.db
          .insertInto('endpoint_configs')
          .values({
            id: newId(),
            project,
            name: body.name,
            variants: JSON.stringify(variants),
            shadow_variants: JSON.stringify(shadows),
            data_capture: JSON.stringify(capture),
            created_by: principal,
            created_at: Date.now(),
          })
          .execute(),
      `endpoint config '${body.name}' already exists`,
    );
    return this.get(project, body.name);
  }

  async get(project: string, name: string): Promise<EndpointConfig> {
    const row = await this.meta.db
      .selectFrom('endpoint_configs')
      .selectAll()
      .where('project', '=', project)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw notFound(`no endpoint config '${name}'`, { endpointConfig: name });
    return toConfig(row);
  }

  async list(project: string): Promise<EndpointConfig[]> {
    const rows = await this.meta.db
      .selectFrom('endpoint_configs')
      .selectAll()
      .where('project', '=', project)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toConfig);
  }

  async delete(project: string, name: string): Promise<void> {
    await this.get(project, name);
    const user = await this.meta.db
      .selectFrom('endpoints')
      .select('name')
      .where('project', '=', project)
      .where('config_name', '=', name)
      .executeTakeFirst();
    if (user)
      throw invalidState(`endpoint config '${name}' is used by endpoint '${user.name}'`, {
        endpoint: user.name,
      });
    await this.meta.db
      .deleteFrom('endpoint_configs')
      .where('project', '=', project)
      .where('name', '=', name)
      .execute();
  }
}
