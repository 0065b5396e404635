import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';

import { buildServer } from '../api/index.js';
import { type Kelp, openKelp } from '../app/index.js';
import { KelpClient } from '../client/index.js';
import { loadConfig, PlatformError } from '../core/index.js';

export interface GlobalOptions {
  readonly json?: boolean;
  readonly url?: string;
  readonly home?: string;
  readonly project?: string;
  readonly token?: string;
}

export interface Connection {
  readonly client: KelpClient;
  /** Set when the command runs embedded (no server was up). */
  readonly embedded?: Kelp;
  close(): Promise<void>;
}

const DEFAULT_URL = 'http://127.0.0.1:8750';

async function reachable(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(800) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Talks to the server at `--url` / `KELP_URL` when one is up; otherwise runs Kelp embedded on
 * `KELP_HOME` for the length of the command, behind a private loopback port, so every command goes
 * through the same client and API either way. `runJobs` lets an embedded command run jobs itself.
 */
export async function connect(options: GlobalOptions, { runJobs = false } = {}): Promise<Connection> {
  const explicit = options.url ?? process.env.KELP_URL;
  const token = options.token ?? process.env.KELP_ADMIN_TOKEN;
  const clientOptions = {
    ...(token ? { token } : {}),
    ...(options.project ? { project: options.project } : {}),
  };
  const url = explicit ?? DEFAULT_URL;
  if (!options.home && (await reachable(url))) {
    return { client: new KelpClient({ url, ...clientOptions }), close: async () => {} };
  }
  if (explicit && !options.home) {
    throw new PlatformError(
      'unavailable',
      `no Kelp server answers at ${explicit} (KELP_URL); start one with 'kelp up'`,
    );
  }
  const kelp = await openKelp(
    loadConfig({
      logLevel: 'silent',
      ...(options.home ? { home: options.home } : {}),
      adminToken: undefined,
    }),
    { runJobs },
  );
  let app: FastifyInstance | undefined;
  try {
    app = await buildServer(kelp);
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await kelp.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const server = app;
  return {
    client: new KelpClient({
      url: `http://127.0.0.1:${port}`,
      ...(options.project ? { project: options.project } : {}),
    }),
    embedded: kelp,
    async close() {
      await server.close();
      await kelp.close({ drainMs: 2000 });
    },
  };
}

/** Runs a command's work with a connection, closing it afterwards whatever happens. */
export async function withConnection<T>(
  command: Command,
  work: (conn: Connection, globals: GlobalOptions) => Promise<T>,
  options: { runJobs?: boolean } = {},
): Promise<T> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const conn = await connect(globals, options);
  try {
    return await work(conn, globals);
  } finally {
    await conn.close();
  }
}
