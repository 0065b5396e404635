// Runs the kelp CLI from the TypeScript sources (tests do not depend on a build in dist/).
import { run } from '../../src/cli/index.js';

await run(process.argv);
