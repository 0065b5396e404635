import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import type { Kelp } from '../../app/index.js';
import {
  CatalogDatabase,
  CatalogPartition,
  CatalogTable,
  ConnectionSchema,
  CrawlBody,
  Crawler,
  CrawlerRun,
  CreateConnectionBody,
  CreateDatabaseBody,
  CreateTableBody,
  ErrorBody,
  JobSchema,
  ProjectQuery,
  Query,
  QueryResults,
  StartQueryBody,
  TableSample,
  TableVersion,
  UpdateTableBody,
} from '../../contract/index.js';
import { resourceName } from '../../core/index.js';

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const DbParams = Type.Object({ db: Type.String() });
const TableParams = Type.Object({ db: Type.String(), table: Type.String() });
const NameParams = Type.Object({ name: Type.String() });
const IdParams = Type.Object({ id: Type.String() });
const params = <T>(r: FastifyRequest) => r.params as T;
const tableResource = (r: FastifyRequest) => {
  const p = params<{ db: string; table?: string }>(r);
  return resourceName(
    r.project,
    'table',
    `${p.db}/${p.table ?? (r.body as { name?: string } | undefined)?.name ?? '-'}`,
  );
};
const principal = (r: FastifyRequest) => r.principal.id;
// Tables and crawlers strip the internal ids before they leave the server.
const publicTable = ({
  id: _id,
  databaseId: _db,
  ...t
}: CatalogTable & { id?: string; databaseId?: string }) => t;

export async function catalogRoutes(app: FastifyInstance, kelp: Kelp): Promise<void> {
  const { store, crawlers, queries, connections } = kelp.catalog;
  const tags = ['catalog'];

  app.get('/api/v1/catalog/databases', {
    schema: {
      tags,
      summary: 'List databases',
      querystring: ProjectQuery,
      response: { 200: Type.Object({ databases: Type.Array(CatalogDatabase) }) },
    },
    handler: async (r) => ({ databases: await store.listDatabases(r.project) }),
  });
  app.post('/api/v1/catalog/databases', {
    schema: {
      tags,
      summary: 'Create a database',
      querystring: ProjectQuery,
      body: CreateDatabaseBody,
      response: { 201: CatalogDatabase, ...errors },
    },
    config: {
      audit: {
        action: 'catalog.databases.create',
        resource: (r) => resourceName(r.project, 'database', (r.body as CreateDatabaseBody)?.name ?? '-'),
      },
    },
    handler: async (r, reply) => {
      const body = r.body as CreateDatabaseBody;
      return reply.status(201).send(await store.createDatabase(r.project, body.name, body.description));
    },
  });
  app.get('/api/v1/catalog/databases/:db', {
    schema: {
      tags,
      summary: 'Describe a database',
      params: DbParams,
      querystring: ProjectQuery,
      response: { 200: CatalogDatabase, ...errors },
    },
    handler: async (r) => store.getDatabase(r.project, params<{ db: string }>(r).db),
  });
  app.delete('/api/v1/catalog/databases/:db', {
    schema: {
      tags,
      summary: 'Delete a database and its tables (the data files stay)',
      params: DbParams,
      querystring: ProjectQuery,
      response: { 204: Type.Null(), ...errors },
    },
    config: {
      audit: {
        action: 'catalog.databases.delete',
        resource: (r) => resourceName(r.project, 'database', params<{ db: string }>(r).db),
      },
    },
    handler: async (r, reply) => {
      await store.deleteDatabase(r.project, params<{ db: string }>(r).db);
      return reply.status(204).send();
    },
  });

  app.get('/api/v1/catalog/databases/:db/tables', {
    schema: {
      tags,
      summary: 'List the tables of a database',
      params: DbParams,
      querystring: ProjectQuery,
      response: { 200: Type.Object({ tables: Type.Array(CatalogTable) }), ...errors },
    },
    handler: async (r) => ({
      tables: (await store.listTables(r.project, params<{ db: string }>(r).db)).map(publicTable),
    }),
  });
  app.post('/api/v1/catalog/databases/:db/tables', {
    schema: {
      tags,
      summary: 'Register a table by hand',
      params: DbParams,
      querystring: ProjectQuery,
      body: CreateTableBody,
      response: { 201: CatalogTable, ...errors },
    },
    config: { audit: { action: 'catalog.tables.create', resource: tableResource } },
    handler: async (r, reply) =>
      reply
        .status(201)
        .send(
          publicTable(
            await store.createTable(r.project, params<{ db: string }>(r).db, r.body as CreateTableBody),
          ),
        ),
  });
  app.get('/api/v1/catalog/databases/:db/tables/:table', {
    schema: {
      tags,
      summary: 'Describe a table',
      params: TableParams,
      querystring: ProjectQuery,
      response: { 200: CatalogTable, ...errors },
    },
    handler: async (r) => {
      const p = params<{ db: string; table: string }>(r);
      return publicTable(await store.getTable(r.project, p.db, p.table));
    },
  });
  app.patch('/api/v1/catalog/databases/:db/tables/:table', {
    schema: {
      tags,
      summary: 'Change a table (new columns make a new version)',
      params: TableParams,
      querystring: ProjectQuery,
      body: UpdateTableBody,
      response: { 200: CatalogTable, ...errors },
    },
    config: { audit: { action: 'catalog.tables.update', resource: tableResource } },
    handler: async (r) => {
      const p = params<{ db: string; table: string }>(r);
      return publicTable(await store.patchTable(r.project, p.db, p.table, r.body as UpdateTableBody));
    },
  });
  app.delete('/api/v1/catalog/databases/:db/tables/:table', {
    schema: {
      tags,
      summary: 'Remove a table from the catalog (its files stay)',
      params: TableParams,
      querystring: ProjectQuery,
      response: { 204: Type.Null(), ...errors },
    },
    config: { audit: { action: 'catalog.tables.delete', resource: tableResource } },
    handler: async (r, reply) => {
      const p = params<{ db: string; table: string }>(r);
      await store.deleteTable(r.project, p.db, p.table);
      return reply.status(204).send();
    },
  });
  app.get('/api/v1/catalog/databases/:db/tables/:table/versions', {
    schema: {
      tags,
      summary: 'Versions of a table, newest first',
      params: TableParams,
      querystring: ProjectQuery,
      response: { 200: Type.Object({ versions: Type.Array(TableVersion) }), ...errors },
    },
    handler: async (r) => {
      const p = params<{ db: string; table: string }>(r);
      return { versions: await store.tableVersions(r.project, p.db, p.table) };
    },
  });
  app.get('/api/v1/catalog/databases/:db/tables/:table/partitions', {
    schema: {
      tags,
      summary: 'Partitions of a table',
      params: TableParams,
      querystring: ProjectQuery,
      response: { 200: Type.Object({ partitions: Type.Array(CatalogPartition) }), ...errors },
    },
    handler: async (r) => {
      const p = params<{ db: string; table: string }>(r);
      const table = await store.getTable(r.project, p.db, p.table);
      return { partitions: await store.partitions(table.id) };
    },
  });
  app.get('/api/v1/catalog/databases/:db/tables/:table/sample', {
    schema: {
      tags,
      summary: 'The first rows of a table',
      params: TableParams,
      querystring: Type.Intersect([
        ProjectQuery,
        Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
      ]),
      response: { 200: TableSample, ...errors },
    },
    handler: async (r) => {
      const p = params<{ db: string; table: string }>(r);
      return queries.sample(r.project, p.db, p.table, (r.query as { limit?: number }).limit ?? 50);
    },
  });
  app.get('/api/v1/catalog/schema', {
    schema: {
      tags,
      summary: 'Every table and its column names (for SQL completion)',
      querystring: ProjectQuery,
      response: {
        200: Type.Object({
          tables: Type.Array(
            Type.Object({ database: Type.String(), name: Type.String(), columns: Type.Array(Type.String()) }),
          ),
        }),
      },
    },
    handler: async (r) => {
      const out = [];
      for (const db of await store.listDatabases(r.project)) {
        for (const t of await store.listTables(r.project, db.name)) {
          out.push({
            database: db.name,
            name: t.name,
            columns: [...t.columns, ...t.partitionKeys].map((c) => c.name),
          });
        }
      }
      return { tables: out };
    },
  });

  app.get('/api/v1/catalog/crawlers', {
    schema: {
      tags,
      summary: 'List crawlers',
      querystring: ProjectQuery,
      response: { 200: Type.Object({ crawlers: Type.Array(Crawler) }) },
    },
    handler: async (r) => ({ crawlers: await crawlers.list(r.project) }),
  });
  app.post('/api/v1/catalog/crawlers', {
    schema: {
      tags,
      summary: 'Create or update a crawler, and (unless run=false) start a run',
      querystring: ProjectQuery,
      body: CrawlBody,
      response: { 200: Type.Object({ crawler: Crawler, job: Type.Optional(JobSchema) }), ...errors },
    },
    config: {
      audit: {
        action: 'catalog.crawlers.upsert',
        resource: (r) => resourceName(r.project, 'crawler', (r.body as CrawlBody)?.name ?? '-'),
      },
    },
    handler: async (r) => {
      const result = await crawlers.upsert(r.project, r.body as CrawlBody, principal(r));
      r.auditResource = resourceName(r.project, 'crawler', result.crawler.name);
      return result;
    },
  });
  app.get('/api/v1/catalog/crawlers/:name', {
    schema: {
      tags,
      summary: 'Describe a crawler',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 200: Crawler, ...errors },
    },
    handler: async (r) => crawlers.get(r.project, params<{ name: string }>(r).name),
  });
  app.delete('/api/v1/catalog/crawlers/:name', {
    schema: {
      tags,
      summary: 'Delete a crawler (its tables stay)',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 204: Type.Null(), ...errors },
    },
    config: {
      audit: {
        action: 'catalog.crawlers.delete',
        resource: (r) => resourceName(r.project, 'crawler', params<{ name: string }>(r).name),
      },
    },
    handler: async (r, reply) => {
      await crawlers.delete(r.project, params<{ name: string }>(r).name);
      return reply.status(204).send();
    },
  });
  app.post('/api/v1/catalog/crawlers/:name/runs', {
    schema: {
      tags,
      summary: 'Start a crawler run',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 201: JobSchema, ...errors },
    },
    config: {
      audit: {
        action: 'catalog.crawlers.start',
        resource: (r) => resourceName(r.project, 'crawler', params<{ name: string }>(r).name),
      },
    },
    handler: async (r, reply) =>
      reply.status(201).send(await crawlers.start(r.project, params<{ name: string }>(r).name, principal(r))),
  });
  app.get('/api/v1/catalog/crawlers/:name/runs', {
    schema: {
      tags,
      summary: 'Runs of a crawler, newest first, with what each changed',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 200: Type.Object({ runs: Type.Array(CrawlerRun) }), ...errors },
    },
    handler: async (r) => ({ runs: await crawlers.runs(r.project, params<{ name: string }>(r).name) }),
  });

  app.post('/api/v1/catalog/queries', {
    schema: {
      tags,
      summary: 'Start a SQL query (Athena StartQueryExecution)',
      querystring: ProjectQuery,
      body: StartQueryBody,
      response: { 201: Query, ...errors },
    },
    config: {
      audit: { action: 'catalog.queries.start', resource: (r) => resourceName(r.project, 'query', '-') },
    },
    handler: async (r, reply) => {
      const q = await queries.start(r.project, r.body as StartQueryBody, principal(r));
      r.auditResource = resourceName(r.project, 'query', q.id);
      return reply.status(201).send(q);
    },
  });
  app.get('/api/v1/catalog/queries', {
    schema: {
      tags,
      summary: 'Query history, newest first',
      querystring: Type.Intersect([
        ProjectQuery,
        Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
      ]),
      response: { 200: Type.Object({ queries: Type.Array(Query) }) },
    },
    handler: async (r) => ({ queries: await queries.list(r.project, (r.query as { limit?: number }).limit) }),
  });
  app.get('/api/v1/catalog/queries/:id', {
    schema: {
      tags,
      summary: 'State and statistics of a query',
      params: IdParams,
      querystring: ProjectQuery,
      response: { 200: Query, ...errors },
    },
    handler: async (r) => queries.get(r.project, params<{ id: string }>(r).id),
  });
  app.post('/api/v1/catalog/queries/:id/cancel', {
    schema: {
      tags,
      summary: 'Cancel a query',
      params: IdParams,
      querystring: ProjectQuery,
      response: { 200: Query, ...errors },
    },
    config: {
      audit: {
        action: 'catalog.queries.cancel',
        resource: (r) => resourceName(r.project, 'query', params<{ id: string }>(r).id),
      },
    },
    handler: async (r) => queries.cancel(r.project, params<{ id: string }>(r).id),
  });
  app.get('/api/v1/catalog/queries/:id/results', {
    schema: {
      tags,
      summary: 'Result rows of a finished query (the full result is also stored as CSV and Parquet objects)',
      params: IdParams,
      querystring: Type.Intersect([
        ProjectQuery,
        Type.Object({
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
        }),
      ]),
      response: { 200: QueryResults, ...errors },
    },
    handler: async (r) => {
      const q = r.query as { offset?: number; limit?: number };
      return queries.results(r.project, params<{ id: string }>(r).id, q.offset ?? 0, q.limit ?? 100);
    },
  });

  app.get('/api/v1/catalog/connections', {
    schema: {
      tags,
      summary: 'List database connections',
      querystring: ProjectQuery,
      response: { 200: Type.Object({ connections: Type.Array(ConnectionSchema) }) },
    },
    handler: async (r) => ({ connections: await connections.list(r.project) }),
  });
  app.post('/api/v1/catalog/connections', {
    schema: {
      tags,
      summary: 'Create a connection (the password goes to the secret store)',
      querystring: ProjectQuery,
      body: CreateConnectionBody,
      response: { 201: ConnectionSchema, ...errors },
    },
    config: {
      audit: {
        action: 'catalog.connections.create',
        resource: (r) => resourceName(r.project, 'connection', (r.body as CreateConnectionBody)?.name ?? '-'),
      },
    },
    handler: async (r, reply) =>
      reply
        .status(201)
        .send(await connections.create(r.project, r.body as CreateConnectionBody, principal(r))),
  });
  app.get('/api/v1/catalog/connections/:name', {
    schema: {
      tags,
      summary: 'Describe a connection',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 200: ConnectionSchema, ...errors },
    },
    handler: async (r) => connections.get(r.project, params<{ name: string }>(r).name),
  });
  app.delete('/api/v1/catalog/connections/:name', {
    schema: {
      tags,
      summary: 'Delete a connection and its stored password',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 204: Type.Null(), ...errors },
    },
    config: {
      audit: {
        action: 'catalog.connections.delete',
        resource: (r) => resourceName(r.project, 'connection', params<{ name: string }>(r).name),
      },
    },
    handler: async (r, reply) => {
      await connections.delete(r.project, params<{ name: string }>(r).name);
      return reply.status(204).send();
    },
  });
  app.post('/api/v1/catalog/connections/:name/test', {
    schema: {
      tags,
      summary: 'Check that a connection works',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 200: Type.Object({ serverVersion: Type.String() }), ...errors },
    },
    handler: async (r) => connections.test(r.project, params<{ name: string }>(r).name),
  });
}
