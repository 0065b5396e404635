import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export { tempDir } from '../test/helpers/index.js';

/** One measurement, as written to stdout and to bench/out/results.jsonl. */
export interface BenchResult {
  readonly bench: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** Goal in the metric's own unit. */
  readonly target?: number;
  /** Baseline the target was derived from (e.g. `dd` throughput), in the same unit. */
  readonly reference?: number;
  /** measured / target: pass is ratio >= 1 when higher is better, <= 1 when lower is better. */
  readonly ratio?: number;
  readonly pass?: boolean;
  readonly at: string;
}

export interface Measurement {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: number;
  readonly reference?: number;
  /** Which way is good; decides `pass` (default 'higher'). */
  readonly better?: 'higher' | 'lower';
}

export interface Recorder {
  record(bench: string, m: Measurement): BenchResult;
  readonly results: readonly BenchResult[];
}

export interface Bench {
  readonly name: string;
  run(record: (m: Measurement) => void): Promise<void>;
}

const OUT_DIR = fileURLToPath(new URL('./out/', import.meta.url));

/** Prints each result as a JSON line and appends it to bench/out/results.jsonl. */
export function createRecorder(): Recorder {
  mkdirSync(OUT_DIR, { recursive: true });
  const results: BenchResult[] = [];
  return {
    results,
    record(bench, m) {
      const ratio = m.target ? m.value / m.target : undefined;
      const pass = ratio === undefined ? undefined : m.better === 'lower' ? ratio <= 1 : ratio >= 1;
      const result: BenchResult = {
        bench,
        metric: m.metric,
        value: round(m.value),
        unit: m.unit,
        ...(m.target !== undefined ? { target: round(m.target) } : {}),
        ...(m.reference !== undefined ? { reference: round(m.reference) } : {}),
        ...(ratio !== undefined ? { ratio: round(ratio) } : {}),
        ...(pass !== undefined ? { pass } : {}),
        at: new Date().toISOString(),
      };
      const line = JSON.stringify(result);
      console.log(line);
      appendFileSync(`${OUT_DIR}results.jsonl`, `${line}\n`);
      results.push(result);
      return result;
    },
  };
}

/** Four significant digits: enough for benchmark figures, short in JSON. */
export function round(n: number): number {
  return Number(n.toPrecision(4));
}

export const MB = 1024 * 1024;

/** Wall time of `fn` in seconds. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Progress notes go to stderr so stdout stays JSON lines only. */
export function note(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Runs a command to completion; `stdout` may be a file descriptor (for `cat SRC > DST`). */
export function exec(
  cmd: string,
  args: readonly string[],
  stdout: number | 'ignore' = 'ignore',
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', stdout, 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUILD_DIR = `${OUT_DIR}build/`;
const CHILD_FILES = ['lib.ts', 'objects-worker.ts', 'server-child.ts', 'convert-worker.ts'];
let build: Promise<void> | undefined;

/**
 * Children run as plain JavaScript, transpiled file for file by esbuild (as tsc would emit it,
 * keeping lazy imports lazy): under tsx, the loader's own thread would add ~45 MiB to every RSS figure.
 */
function transpileOnce(): Promise<void> {
  build ??= (async () => {
    const { build: esbuild } = await import('esbuild');
    const ts = (dir: string) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
        .map((f) => join(ROOT, dir, f));
    await esbuild({
      entryPoints: [...ts('src'), ...ts('test/helpers'), ...CHILD_FILES.map((f) => join(ROOT, 'bench', f))],
      outdir: BUILD_DIR,
      outbase: ROOT,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      logLevel: 'error',
    });
  })();
  return build;
}

async function spawnChild(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ChildProcess> {
  await transpileOnce();
  return spawn(process.execPath, [`${BUILD_DIR}bench/${script.replace(/\.ts$/, '.js')}`, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
}

/** Collects a child's stdout lines and its exit; lines are JSON objects the child printed. */
function watch(child: ChildProcess, onLine: (line: unknown) => void): Promise<unknown[]> {
  const lines: unknown[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    if (!text.startsWith('{')) return; // stray library output is not ours
    const value: unknown = JSON.parse(text);
    lines.push(value);
    onLine(value);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(lines) : reject(new Error(`child exited with ${code}`)),
    );
  });
}

/** Runs a bench script (bench/<script>) in its own process, so its peak RSS is its own; returns its last JSON line. */
export async function runChild<T>(
  script: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): Promise<T> {
  const lines = await watch(await spawnChild(script, args, env), () => undefined);
  if (lines.length === 0) throw new Error(`${script} printed no result`);
  return lines.at(-1) as T;
}

export interface ServerChild {
  readonly url: string;
  /** RSS once listening, before any load. */
  readonly idleRssBytes: number;
  /** SIGTERMs the server and returns what it printed on the way out (its peak RSS). */
  stop(): Promise<{ peakRssBytes: number }>;
}

/** Starts bench/server-child.ts (a Kelp server with a temp home) and waits for its port. */
export async function startServerChild(home: string, env?: NodeJS.ProcessEnv): Promise<ServerChild> {
  const child = await spawnChild('server-child.ts', [home], env);
  type Ready = { port: number; rssBytes: number };
  let ready: (r: Ready) => void = () => undefined;
  const listening = new Promise<Ready>((resolve) => {
    ready = resolve;
  });
  const exited = watch(child, (line) => {
    if ((line as Partial<Ready>).port) ready(line as Ready);
  });
  exited.catch(() => undefined); // a crash surfaces in stop(); don't let it be an unhandled rejection first
  const first = await Promise.race([listening, exited.then(() => undefined)]);
  if (!first) throw new Error('server child exited before listening');
  return {
    url: `http://127.0.0.1:${first.port}`,
    idleRssBytes: first.rssBytes,
    async stop() {
      child.kill('SIGTERM');
      const lines = await exited;
      return lines.at(-1) as { peakRssBytes: number };
    },
  };
}

/** A fresh PostgreSQL database, or undefined (with a message) when the server is unreachable. */
export async function postgresOrSkip(
  bench: string,
): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  try {
    // Loaded here, not at the top: child workers import this file and should not carry `pg`.
    const { freshPostgresDatabase } = await import('../test/helpers/postgres.js');
    return await freshPostgresDatabase();
  } catch (err) {
    note(`${bench}: skipping PostgreSQL, server unreachable (${(err as Error).message})`);
    return undefined;
  }
}
