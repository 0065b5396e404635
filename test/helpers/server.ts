import type { FastifyInstance } from 'fastify';

import { type BuildServerOptions, buildServer } from '../../src/api/index.js';
import { type Kelp, openKelp } from '../../src/app/index.js';
import { type ConfigOverrides, loadConfig } from '../../src/core/index.js';
import { tempDir } from './index.js';

export interface TestServer {
  readonly url: string;
  readonly kelp: Kelp;
  readonly app: FastifyInstance;
  readonly home: string;
  stop(): Promise<void>;
}

/**
 * A real Kelp server on a free loopback port with a temp home (SQLite + file store). It serves the
 * web console from web/dist unless `serverOptions.webDist` says otherwise.
 */
export async function startTestServer(
  overrides: ConfigOverrides = {},
  serverOptions: BuildServerOptions = {},
): Promise<TestServer> {
  const dir = await tempDir('kelp-server-');
  const kelp = await openKelp(loadConfig({ home: dir.path, logLevel: 'silent', ...overrides }), {
    runJobs: true,
  });
  const app = await buildServer(kelp, serverOptions);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    kelp,
    app,
    home: dir.path,
    async stop() {
      await app.close();
      await kelp.close({ drainMs: 200 });
      await dir.cleanup();
    },
  };
}
