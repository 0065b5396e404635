import type { Command } from 'commander';

import { buildServer, checkBind } from '../../api/index.js';
import { openKelp } from '../../app/index.js';
import { loadConfig } from '../../core/index.js';

/** `kelp up`: runs the server (API, job runtime) until SIGINT/SIGTERM, then shuts down gracefully. */
export function registerUp(program: Command): void {
  program
    .command('up')
    .description('start the Kelp server (what `npm start` runs)')
    .option('--port <port>', 'port to listen on (KELP_PORT, default 8750)', (v) => Number(v))
    .option('--host <host>', 'address to bind (KELP_HOST, default 127.0.0.1)')
    .action(async (options: { port?: number; host?: string }, command: Command) => {
      const globals = command.optsWithGlobals<{ home?: string }>();
      const config = loadConfig({
        ...(globals.home ? { home: globals.home } : {}),
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.host ? { host: options.host } : {}),
      });
      checkBind(config.host, config.adminToken);
      const kelp = await openKelp(config, { runJobs: true });
      const app = await buildServer(kelp, { logRequests: true });
      await app.listen({ host: config.host, port: config.port });
      kelp.logger.info(
        {
          url: `http://${config.host}:${config.port}`,
          home: config.home,
          meta: kelp.meta.dialect,
          store: kelp.objects.url,
        },
        `Kelp is up on http://${config.host}:${config.port} (API docs at /api/docs)`,
      );
      // A bug in one request or job must not take the server down: log it and keep serving.
      process.on('unhandledRejection', (err) => kelp.logger.error({ err }, 'unhandled promise rejection'));
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        kelp.logger.info(
          { signal },
          'shutting down: finishing in-flight requests, handing running jobs back',
        );
        await app.close();
        await kelp.close({ drainMs: 5000 });
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
    });
}
