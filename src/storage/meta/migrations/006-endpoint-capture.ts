import type { KelpMigration, MigrationDb } from './index.js';

/** Shadow variants and data capture settings of endpoint configs. */
export const endpointCaptureMigration: KelpMigration = () => ({
  async up(db: MigrationDb) {
    await db.schema
      .alterTable('endpoint_configs')
      .addColumn('shadow_variants', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema
      .alterTable('endpoint_configs')
      .addColumn('data_capture', 'text', (c) => c.notNull().defaultTo('null'))
      .execute();
  },
});
