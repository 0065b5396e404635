import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { invalidArgument } from './errors.js';

export interface KelpConfig {
  /** Folder that holds the embedded default's data (SQLite file, objects, secret key). */
  readonly home: string;
  readonly host: string;
  readonly port: number;
  /** Object store URL: `file:///...` (default `<home>/objects`) or `s3://bucket/prefix?endpoint=...`. */
  readonly storeUrl: string;
  /** Metadata store URL: `sqlite:///path/kelp.db` (default `<home>/kelp.db`) or `postgres://...`. */
  readonly metaUrl: string;
  /** Required to bind to anything but loopback; requests must then send `Authorization: Bearer <token>`. */
  readonly adminToken: string | undefined;
  /** Largest JSON request body in bytes (object uploads stream and are not limited by this). */
  readonly bodyLimit: number;
  /** Jobs that run at once in this process. */
  readonly jobConcurrency: number;
  readonly logLevel: string;
  /** Key for the secret store, 32 bytes hex; by default generated once into `<home>/secret.key`. */
  readonly secretKey: string | undefined;
}

export type ConfigOverrides = Partial<KelpConfig>;

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw invalidArgument(`environment variable ${name}='${raw}' is not a whole number`);
  return n;
}

/** Reads configuration from `KELP_*` environment variables, then applies explicit overrides. */
export function loadConfig(
  overrides: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): KelpConfig {
  const home = resolve(overrides.home ?? env.KELP_HOME ?? '.kelp');
  const config: KelpConfig = {
    home,
    host: env.KELP_HOST ?? '127.0.0.1',
    port: intFrom(env, 'KELP_PORT', 8750),
    storeUrl: env.KELP_STORE_URL ?? pathToFileURL(resolve(home, 'objects')).href,
    metaUrl: env.KELP_META_URL ?? `sqlite://${resolve(home, 'kelp.db')}`,
    adminToken: env.KELP_ADMIN_TOKEN || undefined,
    bodyLimit: intFrom(env, 'KELP_BODY_LIMIT', 1024 * 1024),
    jobConcurrency: intFrom(env, 'KELP_JOB_CONCURRENCY', Math.max(2, cpus().length)),
    logLevel: env.KELP_LOG_LEVEL ?? 'info',
    secretKey: env.KELP_SECRET_KEY || undefined,
    ...definedOnly(overrides),
  };
  return config;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
