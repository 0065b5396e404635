import { Command, CommanderError } from 'commander';

import { isPlatformError } from '../core/index.js';
import { registerCatalog } from './commands/catalog.js';
import { registerConnection } from './commands/connection.js';
import { registerConvert } from './commands/convert.js';
import { registerCrawl } from './commands/crawl.js';
import { registerEndpoints } from './commands/endpoints.js';
import { registerJobs } from './commands/jobs.js';
import { registerObjects } from './commands/objects.js';
import { registerQuery } from './commands/query.js';
import { registerTraining } from './commands/train.js';
import { registerUp } from './commands/up.js';

/** Builds the `kelp` command; `run` parses argv and maps errors to one stderr line and an exit code. */
export function buildProgram(): Command {
  const program = new Command('kelp')
    .description('Kelp: an open-source machine-learning platform on your own machines')
    .option('--json', 'print machine-readable JSON instead of tables')
    .option('--url <url>', 'server to talk to (KELP_URL; default http://127.0.0.1:8750 when it is up)')
    .option('--home <dir>', 'run embedded on this home folder (KELP_HOME, default ./.kelp)')
    .option('--project <name>', 'project (default "default")')
    .option('--token <token>', 'admin token (KELP_ADMIN_TOKEN)')
    .showHelpAfterError()
    .exitOverride();
  registerUp(program);
  registerObjects(program);
  registerJobs(program);
  registerCatalog(program);
  registerCrawl(program);
  registerQuery(program);
  registerConnection(program);
  registerConvert(program);
  registerTraining(program);
  registerEndpoints(program);
  return program;
}

export async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`kelp: error: ${message.split('\n')[0]}\n`);
    process.exitCode = isPlatformError(err) ? err.exitCode : 1;
  }
}
