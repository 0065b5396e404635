import type { KelpMigration, MigrationDb } from './index.js';

/** Feature importance of tree models (and linear models' standardized coefficients). */
export const modelImportanceMigration: KelpMigration = () => ({
  async up(db: MigrationDb) {
    await db.schema
      .alterTable('models')
      .addColumn('feature_importance', 'text', (c) => c.notNull().defaultTo('null'))
      .execute();
  },
});
