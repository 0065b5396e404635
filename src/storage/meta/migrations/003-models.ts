import type { KelpMigration, MigrationDb } from './index.js';

/** Trained models: what the model registry, prediction and (later) endpoints refer to. */
export const modelsMigration: KelpMigration = () => ({
  async up(db: MigrationDb) {
    await db.schema
      .createTable('models')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('algorithm', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('artifact_key', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text')
      .addColumn('target', 'text')
      .addColumn('classes', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('metrics', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('hyperparameters', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('schema', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('data_source', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('models_name', ['project', 'name'])
      .execute();
  },
});
