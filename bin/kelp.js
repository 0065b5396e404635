#!/usr/bin/env node
// The `kelp` command. Runs the compiled CLI from dist/ (built by `npm ci` / `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('kelp: error: dist/ is missing; run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
const { run } = await import(entry.href);
await run(process.argv);
