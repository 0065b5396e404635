#!/usr/bin/env node
// Layering rule (STYLE.md §1): a file may import another top-level folder of src/ only through that
// folder's index.ts, or the index.ts of one of its sub-folders (a smaller public face: model worker
// threads load training/artifact without the job machinery). Imports inside one folder are free.
// Exits non-zero listing each violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve('src');
const violations = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.ts')) check(path);
  }
};
const topFolder = (file) => relative(SRC, file).split('/')[0];

function check(file) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
    const target = resolve(dirname(file), m[1]);
    if (!target.startsWith(SRC)) continue;
    const from = topFolder(file);
    const to = topFolder(target);
    if (from === to) continue;
    const rel = relative(join(SRC, to), target);
    // core/errors.js is core's browser-safe face: the SDK and contract, which the console bundles,
    // must not pull in core's Node-only modules (logger, config).
    const allowed =
      rel === 'index.js' ||
      rel.endsWith('/index.js') ||
      (to === 'core' && rel === 'errors.js' && ['client', 'contract'].includes(from));
    if (!allowed) violations.push(`${relative('.', file)}: imports ${m[1]} (use ../${to}/index.js)`);
  }
}

walk(SRC);
if (violations.length) {
  console.error(`Imports that bypass a folder's index.ts:\n${violations.join('\n')}`);
  process.exit(1);
}
console.log('import boundaries: ok');
