/**
 * A Kelp server in its own process, so the benchmark can read this process's peak RSS alone.
 * Usage: server-child.ts <home>. Prints {"port", "rssBytes"} once listening; on SIGTERM prints {"peakRssBytes"}
 * and exits. KELP_META_URL etc. are honoured through loadConfig.
 */
import { buildServer } from '../src/api/index.js';
import { openKelp } from '../src/app/index.js';
import { loadConfig } from '../src/core/index.js';

const home = process.argv[2];
if (!home) throw new Error('usage: server-child.ts <home>');

const kelp = await openKelp(loadConfig({ home, logLevel: 'silent' }), { runJobs: true });
const app = await buildServer(kelp);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(JSON.stringify({ port, rssBytes: process.memoryUsage().rss }));

process.once('SIGTERM', async () => {
  // Read before closing: the figure is what serving cost, not what shutdown adds.
  console.log(JSON.stringify({ peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
  await app.close();
  await kelp.close({ drainMs: 200 });
  process.exit(0);
});
