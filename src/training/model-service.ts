import type { Selectable } from 'kysely';

import type { FeatureImportance, Model } from '../contract/index.js';
import { invalidState, newId, notFound } from '../core/index.js';
import { insertUnique, type MetaStore, type ModelsTable } from '../storage/index.js';

type ModelRow = Selectable<ModelsTable> & { job_name?: string | null };

function toModel(r: ModelRow): Model {
  return {
    name: r.name,
    algorithm: r.algorithm,
    kind: r.kind,
    artifactKey: r.artifact_key,
    jobId: r.job_id,
    jobName: r.job_name ?? null,
    target: r.target,
    classes: JSON.parse(r.classes),
    metrics: JSON.parse(r.metrics),
    hyperparameters: JSON.parse(r.hyperparameters),
    schema: JSON.parse(r.schema),
    featureImportance: JSON.parse(r.feature_importance),
    dataSource: r.data_source,
    createdBy: r.created_by,
    createdAt: new Date(Number(r.created_at)).toISOString(),
  };
}

export interface NewModel {
  readonly name: string;
  readonly algorithm: string;
  readonly kind: string;
  readonly artifactKey: string;
  readonly jobId: string | null;
  readonly target: string | null;
  readonly classes: readonly string[];
  readonly metrics: Record<string, number>;
  readonly hyperparameters: Record<string, unknown>;
  readonly schema: readonly { name: string; type: string }[];
  readonly featureImportance: FeatureImportance | null;
  readonly dataSource: string;
  readonly createdBy: string;
}

/** Trained models by name, per project (SageMaker's CreateModel / DescribeModel). */
export class ModelService {
  /** Checks run before a model is deleted (endpoints will refuse while they use it). */
  private readonly deleteGuards: ((project: string, name: string) => Promise<string | undefined>)[] = [];

  constructor(private readonly meta: MetaStore) {}

  async register(project: string, model: NewModel): Promise<Model> {
    await insertUnique(
      this.meta,
      () =>
        this.meta.db
          .insertInto('models')
          .values({
            id: newId(),
            project,
            name: model.name,
            algorithm: model.algorithm,
            kind: model.kind,
            artifact_key: model.artifactKey,
            job_id: model.jobId,
            target: model.target,
            classes: JSON.stringify(model.classes),
            metrics: JSON.stringify(model.metrics),
            hyperparameters: JSON.stringify(model.hyperparameters),
            schema: JSON.stringify(model.schema),
            feature_importance: JSON.stringify(model.featureImportance),
            data_source: model.dataSource,
            created_by: model.createdBy,
            created_at: Date.now(),
          })
          .execute(),
      `model '${model.name}' already exists`,
    );
    return this.get(project, model.name);
  }

  private query() {
    return this.meta.db
      .selectFrom('models as m')
      .leftJoin('jobs as j', 'j.id', 'm.job_id')
      .selectAll('m')
      .select('j.name as job_name');
  }

  async exists(project: string, name: string): Promise<boolean> {
    return (
      (await this.meta.db
        .selectFrom('models')
        .select('id')
        .where('project', '=', project)
        .where('name', '=', name)
        .executeTakeFirst()) !== undefined
    );
  }

  async get(project: string, name: string): Promise<Model> {
    const row = await this.query()
      .where('m.project', '=', project)
      .where('m.name', '=', name)
      .executeTakeFirst();
    if (!row) throw notFound(`no model '${name}'`, { model: name });
    return toModel(row);
  }

  async list(project: string): Promise<Model[]> {
    const rows = await this.query()
      .where('m.project', '=', project)
      .orderBy('m.created_at', 'desc')
      .execute();
    return rows.map(toModel);
  }

  onDelete(guard: (project: string, name: string) => Promise<string | undefined>): void {
    this.deleteGuards.push(guard);
  }

  async delete(project: string, name: string): Promise<Model> {
    const model = await this.get(project, name);
    for (const guard of this.deleteGuards) {
      const reason = await guard(project, name);
      if (reason) throw invalidState(`model '${name}' is in use: ${reason}`, { model: name });
    }
    await this.meta.db.deleteFrom('models').where('project', '=', project).where('name', '=', name).execute();
    return model;
  }
}
