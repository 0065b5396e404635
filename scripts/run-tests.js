#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's test runner. Node 20's --test does not expand
// globs, so the files are listed here. Human output (spec) goes to the terminal; a TAP copy is parsed
// for the closing `N passed, N failed` line CI reads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts') && (only.length === 0 || only.some((o) => path.includes(o))))
      files.push(path);
  }
};
for (const root of ['src', 'test']) walk(root);

mkdirSync('artifacts', { recursive: true });
const tapFile = join('artifacts', 'tests.tap');
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      TZ: 'UTC',
      NO_COLOR: '1',
      KELP_LOG_LEVEL: process.env.KELP_LOG_LEVEL ?? 'silent',
      // s3rver (the S3 test server) signs paged listings with a cipher only the legacy provider has.
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --openssl-legacy-provider`.trim(),
    },
  },
);
const tap = readFileSync(tapFile, 'utf8');
// The last summary counts: the runner's totals come at the end of the file.
const count = (name) => Number([...tap.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0);
console.log(
  `\n${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${count('skipped')} skipped`,
);
process.exit(result.status ?? 1);
