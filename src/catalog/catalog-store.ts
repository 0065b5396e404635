import { distance } from 'fastest-levenshtein';
import type { Selectable } from 'kysely';
import type {
  CatalogDatabase,
  CatalogPartition,
  CatalogTable,
  CreateTableBody,
  TableVersion,
  UpdateTableBody,
} from '../contract/index.js';
import { CATALOG_NAME } from '../contract/index.js';
import { invalidArgument, newId, notFound } from '../core/index.js';
import type { ColumnSchema } from '../engine/index.js';

import { type CatalogTablesTable, insertUnique, type MetaStore, type MetaTx } from '../storage/index.js';

const iso = (ms: number) => new Date(ms).toISOString();
const json = <T>(text: string): T => JSON.parse(text) as T;

/** Catalog names are lowercase identifiers; folder names are normalized to them as Glue does. */
export function catalogName(raw: string): string {
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 128);
  return name || '_';
}

export function validateCatalogName(name: string, what: string): string {
  if (!new RegExp(CATALOG_NAME).test(name)) {
    throw invalidArgument(
      `${what} name '${name}' must be lowercase letters, digits and underscores (max 128)`,
      {
        name,
      },
    );
  }
  return name;
}

/** Up to three known names close to `name`, for "did you mean" messages. */
export function closeNames(name: string, known: readonly string[]): string[] {
  return known
    .map((k) => ({ k, d: distance(name.toLowerCase(), k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.max(2, Math.floor(k.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ k }) => k);
}

/** A table as the crawler and the query engine use it (with ids and parsed JSON). */
export interface StoredTable extends CatalogTable {
  readonly id: string;
  readonly databaseId: string;
}

export interface TableWrite {
  readonly location: string;
  readonly format: CatalogTable['format'];
  readonly formatOptions?: Record<string, unknown>;
  readonly columns: readonly ColumnSchema[];
  readonly partitionKeys?: readonly ColumnSchema[];
  readonly parameters?: Record<string, unknown>;
  readonly description?: string;
  readonly tags?: Record<string, string>;
  readonly rowCount?: number | null;
  readonly sizeBytes?: number | null;
  readonly fileCount?: number | null;
  readonly crawler?: string | null;
}

export interface PartitionWrite {
  readonly values: readonly string[];
  readonly location: string;
  readonly fileCount: number;
  readonly sizeBytes: number;
}

const valuesKey = (values: readonly string[]) => values.join('\u0001');

/**
 * The Data Catalog's storage: databases, tables (a new version on every schema change) and
 * partitions, per project, in the metadata store.
 */
export class CatalogStore {
  constructor(private readonly meta: MetaStore) {}

  transaction<T>(fn: (tx: MetaTx) => Promise<T>): Promise<T> {
    return this.meta.transaction(fn);
  }

  async createDatabase(project: string, name: string, description = ''): Promise<CatalogDatabase> {
    validateCatalogName(name, 'database');
    const now = Date.now();
    await insertUnique(
      this.meta,
      () =>
        this.meta.db
          .insertInto('catalog_databases')
          .values({ id: newId(), project, name, description, created_at: now, updated_at: now })
          .execute(),
      `database '${name}' already exists`,
    );
    return this.getDatabase(project, name);
  }

  /** Creates the database unless it exists (crawlers do this). */
  async ensureDatabase(project: string, name: string): Promise<string> {
    const existing = await this.findDatabaseId(project, name);
    if (existing) return existing;
    try {
      await this.createDatabase(project, name);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'already_exists')) throw err;
    }
    return (await this.findDatabaseId(project, name)) as string;
  }

  private async findDatabaseId(
    project: string,
    name: string,
    tx: MetaTx = this.meta.db,
  ): Promise<string | undefined> {
    const row = await tx
      .selectFrom('catalog_databases')
      .select('id')
      .where('project', '=', project)
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.id;
  }

  private async databaseId(project: string, name: string, tx: MetaTx = this.meta.db): Promise<string> {
    const id = await this.findDatabaseId(project, name, tx);
    if (id) return id;
    const known = (await this.listDatabases(project)).map((d) => d.name);
    const close = closeNames(name, known);
    throw notFound(`no database '${name}'${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}`, {
      database: name,
    });
  }

  async listDatabases(project: string): Promise<CatalogDatabase[]> {
    const rows = await this.meta.db
      .selectFrom('catalog_databases as d')
      .leftJoin('catalog_tables as t', 't.database_id', 'd.id')
      .select(['d.name', 'd.description', 'd.created_at', 'd.updated_at'])
      .select((eb) => eb.fn.count<number>('t.id').as('table_count'))
      .where('d.project', '=', project)
      .groupBy(['d.id', 'd.name', 'd.description', 'd.created_at', 'd.updated_at'])
      .orderBy('d.name')
      .execute();
    return rows.map((r) => ({
      name: r.name,
      description: r.description,
      tableCount: Number(r.table_count),
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    }));
  }

  async getDatabase(project: string, name: string): Promise<CatalogDatabase> {
    const found = (await this.listDatabases(project)).find((d) => d.name === name);
    if (found) return found;
    await this.databaseId(project, name);
    throw notFound(`no database '${name}'`);
  }

  async deleteDatabase(project: string, name: string): Promise<void> {
    const id = await this.databaseId(project, name);
    await this.meta.db.deleteFrom('catalog_databases').where('id', '=', id).execute();
  }

  async listTables(project: string, database: string): Promise<StoredTable[]> {
    const databaseId = await this.databaseId(project, database);
    const rows = await this.tableQuery().where('t.database_id', '=', databaseId).orderBy('t.name').execute();
    return rows.map((r) => this.toTable(r, database));
  }

  /** Every table of the project, as `database.table` names (for completion and suggestions). */
  async tableNames(project: string): Promise<string[]> {
    const rows = await this.meta.db
      .selectFrom('catalog_tables as t')
      .innerJoin('catalog_databases as d', 'd.id', 't.database_id')
      .select(['d.name as db', 't.name as table'])
      .where('d.project', '=', project)
      .execute();
    return rows.map((r) => `${r.db}.${r.table}`);
  }

  async findTable(project: string, database: string, name: string): Promise<StoredTable | undefined> {
    const databaseId = await this.findDatabaseId(project, database);
    if (!databaseId) return undefined;
    const row = await this.tableQuery()
      .where('t.database_id', '=', databaseId)
      .where('t.name', '=', name)
      .executeTakeFirst();
    return row ? this.toTable(row, database) : undefined;
  }

  async getTable(project: string, database: string, name: string): Promise<StoredTable> {
    await this.databaseId(project, database);
    const table = await this.findTable(project, database, name);
    if (table) return table;
    const close = closeNames(
      name,
      (await this.listTables(project, database)).map((t) => t.name),
    );
    throw notFound(
      `no table '${database}.${name}'${close.length ? ` (did you mean ${close.map((c) => `${database}.${c}`).join(', ')}?)` : ''}`,
      { database, table: name },
    );
  }

  private tableQuery() {
    return this.meta.db
      .selectFrom('catalog_tables as t')
      .selectAll('t')
      .select((eb) =>
        eb
          .selectFrom('catalog_partitions as p')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('p.table_id', '=', 't.id')
          .as('partition_count'),
      );
  }

  private toTable(
    r: Selectable<CatalogTablesTable> & { partition_count: number | null },
    database: string,
  ): StoredTable {
    return {
      id: r.id,
      databaseId: r.database_id,
      database,
      name: r.name,
      description: r.description,
      location: r.location,
      format: r.format as CatalogTable['format'],
      formatOptions: json(r.format_options),
      columns: json(r.columns),
      partitionKeys: json(r.partition_keys),
      parameters: json(r.parameters),
      tags: json(r.tags),
      rowCount: r.row_count === null ? null : Number(r.row_count),
      sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
      fileCount: r.file_count,
      partitionCount: Number(r.partition_count ?? 0),
      version: r.version,
      deprecated: Boolean(r.deprecated),
      crawler: r.crawler,
      createdAt: iso(Number(r.created_at)),
      updatedAt: iso(Number(r.updated_at)),
    };
  }

  async createTable(project: string, database: string, body: CreateTableBody): Promise<StoredTable> {
    validateCatalogName(body.name, 'table');
    const databaseId = await this.databaseId(project, database);
    await this.insertTable(databaseId, body.name, { ...body, tags: body.tags ?? {} });
    return this.getTable(project, database, body.name);
  }

  /** Inserts a table at version 1 (the crawler calls this inside its transaction). */
  async insertTable(
    databaseId: string,
    name: string,
    write: TableWrite,
    tx: MetaTx = this.meta.db,
  ): Promise<string> {
    const id = newId();
    const now = Date.now();
    await insertUnique(
      this.meta,
      async () => {
        await tx
          .insertInto('catalog_tables')
          .values({
            id,
            database_id: databaseId,
            name,
            description: write.description ?? '',
            location: write.location,
            format: write.format,
            format_options: JSON.stringify(write.formatOptions ?? {}),
            columns: JSON.stringify(write.columns),
            partition_keys: JSON.stringify(write.partitionKeys ?? []),
            parameters: JSON.stringify(write.parameters ?? {}),
            tags: JSON.stringify(write.tags ?? {}),
            row_count: write.rowCount ?? null,
            size_bytes: write.sizeBytes ?? null,
            file_count: write.fileCount ?? null,
            version: 1,
            crawler: write.crawler ?? null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await this.insertVersion(tx, id, 1, write, 'created');
      },
      `table '${name}' already exists`,
    );
    return id;
  }

  private async insertVersion(
    tx: MetaTx,
    tableId: string,
    version: number,
    write: TableWrite,
    reason: string,
  ) {
    await tx
      .insertInto('catalog_table_versions')
      .values({
        table_id: tableId,
        version,
        format: write.format,
        format_options: JSON.stringify(write.formatOptions ?? {}),
        columns: JSON.stringify(write.columns),
        partition_keys: JSON.stringify(write.partitionKeys ?? []),
        reason,
        created_at: Date.now(),
      })
      .execute();
  }

  /**
   * Updates a table. A change of columns, partition keys, format or format options makes a new
   * version (with `reason`); statistics and descriptions do not.
   */
  async updateTable(
    table: StoredTable,
    write: Partial<TableWrite>,
    reason: string,
    tx: MetaTx = this.meta.db,
  ): Promise<boolean> {
    const next: TableWrite = {
      location: write.location ?? table.location,
      format: write.format ?? table.format,
      formatOptions: write.formatOptions ?? table.formatOptions,
      columns: write.columns ?? table.columns,
      partitionKeys: write.partitionKeys ?? table.partitionKeys,
    };
    const schemaChanged =
      JSON.stringify([next.format, next.formatOptions, next.columns, next.partitionKeys]) !==
      JSON.stringify([table.format, table.formatOptions, table.columns, table.partitionKeys]);
    const version = schemaChanged ? table.version + 1 : table.version;
    await tx
      .updateTable('catalog_tables')
      .set({
        location: next.location,
        format: next.format,
        format_options: JSON.stringify(next.formatOptions),
        columns: JSON.stringify(next.columns),
        partition_keys: JSON.stringify(next.partitionKeys),
        ...(write.parameters ? { parameters: JSON.stringify(write.parameters) } : {}),
        ...(write.description !== undefined ? { description: write.description } : {}),
        ...(write.tags ? { tags: JSON.stringify(write.tags) } : {}),
        ...(write.rowCount !== undefined ? { row_count: write.rowCount } : {}),
        ...(write.sizeBytes !== undefined ? { size_bytes: write.sizeBytes } : {}),
        ...(write.fileCount !== undefined ? { file_count: write.fileCount } : {}),
        deprecated: 0,
        version,
        updated_at: Date.now(),
      })
      .where('id', '=', table.id)
      .execute();
    if (schemaChanged) await this.insertVersion(tx, table.id, version, next, reason);
    return schemaChanged;
  }

  async patchTable(
    project: string,
    database: string,
    name: string,
    body: UpdateTableBody,
  ): Promise<StoredTable> {
    const table = await this.getTable(project, database, name);
    await this.meta.transaction((tx) =>
      this.updateTable(
        table,
        {
          ...(body.columns ? { columns: body.columns } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.tags ? { tags: body.tags } : {}),
        },
        'updated by user',
        tx,
      ),
    );
    return this.getTable(project, database, name);
  }

  async setDeprecated(tableId: string, tx: MetaTx = this.meta.db): Promise<void> {
    await tx
      .updateTable('catalog_tables')
      .set({ deprecated: 1, updated_at: Date.now() })
      .where('id', '=', tableId)
      .execute();
  }

  async deleteTableById(tableId: string, tx: MetaTx = this.meta.db): Promise<void> {
    await tx.deleteFrom('catalog_tables').where('id', '=', tableId).execute();
  }

  async deleteTable(project: string, database: string, name: string): Promise<void> {
    const table = await this.getTable(project, database, name);
    await this.deleteTableById(table.id);
  }

  async tableVersions(project: string, database: string, name: string): Promise<TableVersion[]> {
    const table = await this.getTable(project, database, name);
    const rows = await this.meta.db
      .selectFrom('catalog_table_versions')
      .selectAll()
      .where('table_id', '=', table.id)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      version: r.version,
      format: r.format,
      formatOptions: json(r.format_options),
      columns: json(r.columns),
      partitionKeys: json(r.partition_keys),
      reason: r.reason,
      createdAt: iso(Number(r.created_at)),
    }));
  }

  async partitions(tableId: string, tx: MetaTx = this.meta.db): Promise<CatalogPartition[]> {
    const rows = await tx
      .selectFrom('catalog_partitions')
      .selectAll()
      .where('table_id', '=', tableId)
      .orderBy('values_key')
      .execute();
    return rows.map((r) => ({
      values: json(r.values),
      location: r.location,
      fileCount: r.file_count,
      sizeBytes: Number(r.size_bytes),
      createdAt: iso(Number(r.created_at)),
      updatedAt: iso(Number(r.updated_at)),
    }));
  }

  /** Makes the table's partitions exactly `next`; returns how many were added and removed. */
  async syncPartitions(
    tableId: string,
    next: readonly PartitionWrite[],
    options: { removeMissing: boolean },
    tx: MetaTx = this.meta.db,
  ): Promise<{ added: number; removed: number }> {
    const existing = new Map(
      (
        await tx
          .selectFrom('catalog_partitions')
          .select(['values_key', 'file_count', 'size_bytes'])
          .where('table_id', '=', tableId)
          .execute()
      ).map((r) => [r.values_key, r]),
    );
    const now = Date.now();
    let added = 0;
    const inserts = [];
    for (const p of next) {
      const key = valuesKey(p.values);
      const old = existing.get(key);
      existing.delete(key);
      if (!old) {
        added++;
        inserts.push({
          table_id: tableId,
          values_key: key,
          values: JSON.stringify(p.values),
          location: p.location,
          file_count: p.fileCount,
          size_bytes: p.sizeBytes,
          created_at: now,
          updated_at: now,
        });
      } else if (old.file_count !== p.fileCount || Number(old.size_bytes) !== p.sizeBytes) {
        await tx
          .updateTable('catalog_partitions')
          .set({ file_count: p.fileCount, size_bytes: p.sizeBytes, updated_at: now })
          .where('table_id', '=', tableId)
          .where('values_key', '=', key)
          .execute();
      }
    }
    for (let i = 0; i < inserts.length; i += 200) {
      await tx
        .insertInto('catalog_partitions')
        .values(inserts.slice(i, i + 200))
        .execute();
    }
    let removed = 0;
    if (options.removeMissing && existing.size > 0) {
      const gone = [...existing.keys()];
      for (let i = 0; i < gone.length; i += 200) {
        await tx
          .deleteFrom('catalog_partitions')
          .where('table_id', '=', tableId)
          .where('values_key', 'in', gone.slice(i, i + 200))
          .execute();
      }
      removed = gone.length;
    }
    return { added, removed };
  }
}
