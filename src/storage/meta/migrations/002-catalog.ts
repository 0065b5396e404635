import type { KelpMigration, MigrationDb } from './index.js';

/** The data catalog: databases, tables with versions, partitions, crawlers and runs, queries, connections. */
export const catalogMigration: KelpMigration = () => ({
  async up(db: MigrationDb) {
    await db.schema
      .createTable('catalog_databases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('catalog_databases_name', ['project', 'name'])
      .execute();

    await db.schema
      .createTable('catalog_tables')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('database_id', 'text', (c) =>
        c.notNull().references('catalog_databases.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('format_options', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('columns', 'text', (c) => c.notNull())
      .addColumn('partition_keys', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('parameters', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('row_count', 'bigint')
      .addColumn('size_bytes', 'bigint')
      .addColumn('file_count', 'integer')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('deprecated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('crawler', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('catalog_tables_name', ['database_id', 'name'])
      .execute();

    await db.schema
      .createTable('catalog_table_versions')
      .addColumn('table_id', 'text', (c) => c.notNull().references('catalog_tables.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('format_options', 'text', (c) => c.notNull())
      .addColumn('columns', 'text', (c) => c.notNull())
      .addColumn('partition_keys', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('catalog_table_versions_pk', ['table_id', 'version'])
      .execute();

    await db.schema
      .createTable('catalog_partitions')
      .addColumn('table_id', 'text', (c) => c.notNull().references('catalog_tables.id').onDelete('cascade'))
      .addColumn('values_key', 'text', (c) => c.notNull())
      .addColumn('values', 'text', (c) => c.notNull())
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('file_count', 'integer', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('catalog_partitions_pk', ['table_id', 'values_key'])
      .execute();

    await db.schema
      .createTable('catalog_crawlers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('database_name', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('schedule', 'text')
      .addColumn('last_job_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('catalog_crawlers_name', ['project', 'name'])
      .execute();

    await db.schema
      .createTable('catalog_crawler_runs')
      .addColumn('job_id', 'text', (c) => c.primaryKey())
      .addColumn('crawler_id', 'text', (c) =>
        c.notNull().references('catalog_crawlers.id').onDelete('cascade'),
      )
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('catalog_crawler_runs_by_crawler')
      .on('catalog_crawler_runs')
      .columns(['crawler_id', 'started_at'])
      .execute();

    await db.schema
      .createTable('catalog_queries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('sql', 'text', (c) => c.notNull())
      .addColumn('database_name', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text')
      .addColumn('columns', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('row_count', 'bigint')
      .addColumn('bytes_scanned', 'bigint')
      .addColumn('engine_ms', 'double precision')
      .addColumn('result_key', 'text')
      .addColumn('error', 'text')
      .addColumn('submitted_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('catalog_queries_listing')
      .on('catalog_queries')
      .columns(['project', 'created_at'])
      .execute();

    await db.schema
      .createTable('catalog_connections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('engine', 'text', (c) => c.notNull())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('port', 'integer', (c) => c.notNull())
      .addColumn('database_name', 'text', (c) => c.notNull())
      .addColumn('user_name', 'text', (c) => c.notNull())
      .addColumn('secret_name', 'text')
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('catalog_connections_name', ['project', 'name'])
      .execute();
  },
});
