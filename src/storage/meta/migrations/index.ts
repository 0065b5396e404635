import type { Kysely, Migration, MigrationProvider } from 'kysely';

import type { MetaDialectName } from '../meta-store.js';
import { coreMigration } from './001-core.js';
import { catalogMigration } from './002-catalog.js';
import { modelsMigration } from './003-models.js';
import { modelImportanceMigration } from './004-model-importance.js';
import { endpointsMigration } from './005-endpoints.js';
import { endpointCaptureMigration } from './006-endpoint-capture.js';

/** Migrations see the dialect so a few statements (triggers) can differ; everything else is shared. */
export type KelpMigration = (dialect: MetaDialectName) => Migration;

/** One ordered list for both SQLite and PostgreSQL. Append new migrations; never edit a landed one. */
const MIGRATIONS: Record<string, KelpMigration> = {
  '001-core': coreMigration,
  '002-catalog': catalogMigration,
  '003-models': modelsMigration,
  '004-model-importance': modelImportanceMigration,
  '005-endpoints': endpointsMigration,
  '006-endpoint-capture': endpointCaptureMigration,
};

export function migrationProvider(dialect: MetaDialectName): MigrationProvider {
  return {
    async getMigrations() {
      return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, m(dialect)]));
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against a schema that is still being built.
export type MigrationDb = Kysely<any>;
