import type { SecretStore } from '../auth/index.js';
import type { Connection, CreateConnectionBody } from '../contract/index.js';
import { newId, notFound, validateName } from '../core/index.js';
import { insertUnique, type MetaStore } from '../storage/index.js';
import { type ConnectionSpec, type DatabaseEngine, testConnection } from './sources/index.js';

const DEFAULT_PORTS: Record<DatabaseEngine, number> = { postgresql: 5432, mysql: 3306 };
const secretName = (name: string) => `connection-${name}`;

/**
 * Database connections (Glue's JDBC connections). The password lives in the secret store, encrypted,
 * and never appears in API output, logs or errors.
 */
export class ConnectionService {
  constructor(
    private readonly meta: MetaStore,
    private readonly secrets: SecretStore,
  ) {}

  async create(project: string, body: CreateConnectionBody, principal: string): Promise<Connection> {
    validateName(body.name);
    const now = Date.now();
    const id = newId();
    await insertUnique(
      this.meta,
      () =>
        this.meta.db
          .insertInto('catalog_connections')
          .values({
            id,
            project,
            name: body.name,
            engine: body.engine,
            host: body.host,
            port: body.port ?? DEFAULT_PORTS[body.engine],
            database_name: body.database,
            user_name: body.user,
            secret_name: body.password ? secretName(body.name) : null,
            description: body.description ?? '',
            created_at: now,
            updated_at: now,
          })
          .execute(),
      `connection '${body.name}' already exists`,
    );
    if (body.password) {
      try {
        await this.secrets.put(project, secretName(body.name), body.password, {
          principal,
          overwrite: true,
          description: `password of connection ${body.name}`,
        });
      } catch (err) {
        await this.meta.db.deleteFrom('catalog_connections').where('id', '=', id).execute();
        throw err;
      }
    }
    return this.get(project, body.name);
  }

  async list(project: string): Promise<Connection[]> {
    const rows = await this.meta.db
      .selectFrom('catalog_connections')
      .selectAll()
      .where('project', '=', project)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({
      name: r.name,
      engine: r.engine as DatabaseEngine,
      host: r.host,
      port: r.port,
      database: r.database_name,
      user: r.user_name,
      hasPassword: r.secret_name !== null,
      description: r.description,
      createdAt: new Date(Number(r.created_at)).toISOString(),
      updatedAt: new Date(Number(r.updated_at)).toISOString(),
    }));
  }

  async get(project: string, name: string): Promise<Connection> {
    const found = (await this.list(project)).find((c) => c.name === name);
    if (!found) throw notFound(`no connection '${name}'`, { connection: name });
    return found;
  }

  async delete(project: string, name: string): Promise<void> {
    const c = await this.get(project, name);
    await this.meta.db
      .deleteFrom('catalog_connections')
      .where('project', '=', project)
      .where('name', '=', name)
      .execute();
    if (c.hasPassword) await this.secrets.delete(project, secretName(name)).catch(() => undefined);
  }

  /** What a reader needs to open the database: the spec and the decrypted password. */
  async resolve(
    project: string,
    name: string,
  ): Promise<{ spec: ConnectionSpec; password: string | undefined }> {
    const c = await this.get(project, name);
    const password = c.hasPassword ? await this.secrets.reveal(project, secretName(name)) : undefined;
    return {
      spec: { engine: c.engine, host: c.host, port: c.port, database: c.database, user: c.user },
      password,
    };
  }

  async test(project: string, name: string): Promise<{ serverVersion: string }> {
    const { spec, password } = await this.resolve(project, name);
    return testConnection(spec, password);
  }
}
