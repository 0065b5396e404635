import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { Command } from 'commander';

import type { JobBody } from '../../contract/index.js';
import { invalidArgument, PlatformError, randomSuffix } from '../../core/index.js';
import { type Connection, withConnection } from '../connect.js';
import { printJson, printTable } from '../output.js';

const list = (v: string, prev: string[] = []) => [...prev, v];

/**
 * A data argument as the server can read it: catalog tables and store prefixes pass through; a local
 * file or folder is read in place by an embedded Kelp, or uploaded first to a remote server.
 */
export async function serverData(conn: Connection, data: string): Promise<string> {
  const info = await stat(data).catch(() => undefined);
  if (!info) return data;
  const path = resolve(data);
  if (conn.embedded) return path;
  const prefix = `kelp-system/uploads/${Date.now().toString(36)}-${randomSuffix()}/`;
  const files = info.isDirectory() ? (await readdir(path)).map((f) => join(path, f)) : [path];
  for (const f of files) await conn.client.objects.put(`${prefix}${basename(f)}`, createReadStream(f));
  return info.isDirectory() ? `store://${prefix}` : `store://${prefix}${basename(path)}`;
}

function parseHp(pairs: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const i = pair.indexOf('=');
    if (i <= 0) throw invalidArgument(`--hp ${pair}: write key=value`, { hp: pair });
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

export async function follow(conn: Connection, job: JobBody, json: boolean | undefined): Promise<JobBody> {
  for await (const line of conn.client.jobs.followLogs(job.name)) {
    if (!json) process.stderr.write(`${line.text}\n`);
  }
  return conn.client.jobs.get(job.name);
}

/** `kelp train`, `kelp predict`, `kelp models ls|describe|rm`, `kelp algorithms` */
export function registerTraining(program: Command): void {
  program
    .command('train')
    .description(
      'train a built-in algorithm on a catalog table, object prefix or local file, and register the model',
    )
    .requiredOption('--algorithm <name>', 'linear-learner, xgboost, kmeans, pca, ... (see kelp algorithms)')
    .requiredOption(
      '--data <source>',
      'database.table, store://prefix, or a local .csv/.jsonl/.parquet/.recordio file or folder',
    )
    .option('--validation <source>', 'validation data (same forms)')
    .option('--target <column>', 'label column (classifiers and regressors)')
    .option('--hp <key=value>', 'hyperparameter (repeatable), e.g. --hp num_round=100', list)
    .option('--name <model>', 'model name (default: generated)')
    .option('--seed <n>', 'random seed (default 0)', (v) => Number(v))
    .option('--max-runtime <seconds>', 'stop the job after this long', (v) => Number(v))
    .action(
      async (
        opts: {
          algorithm: string;
          data: string;
          validation?: string;
          target?: string;
          hp?: string[];
          name?: string;
          seed?: number;
          maxRuntime?: number;
        },
        cmd: Command,
      ) => {
        await withConnection(
          cmd,
          async (conn, g) => {
            const { job, model } = await conn.client.models.train({
              algorithm: opts.algorithm,
              data: await serverData(conn, opts.data),
              ...(opts.validation ? { validation: await serverData(conn, opts.validation) } : {}),
              ...(opts.target ? { target: opts.target } : {}),
              hyperparameters: parseHp(opts.hp),
              ...(opts.name ? { name: opts.name } : {}),
              ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
              ...(opts.maxRuntime ? { maxRuntimeSeconds: opts.maxRuntime } : {}),
            });
            if (!g.json) process.stderr.write(`training ${model} (job ${job.name})\n`);
            const done = await follow(conn, job, g.json);
            if (done.state !== 'Completed') {
              throw new PlatformError(
                'invalid_argument',
                `training ${done.state.toLowerCase()}: ${done.failureReason ?? ''}`,
                { job: done.name },
              );
            }
            const registered = await conn.client.models.get(model);
            if (g.json)
              return printJson({
                jobId: done.id,
                job: done.name,
                model,
                metrics: registered.metrics,
                artifactKey: registered.artifactKey,
              });
            printTable(
              ['METRIC', 'VALUE'],
              Object.entries(registered.metrics).map(([k, v]) => [k, Number(v.toPrecision(6))]),
            );
            process.stdout.write(`model ${model} (${registered.algorithm}, ${registered.kind})\n`);
          },
          { runJobs: true },
        );
      },
    );

  program
    .command('predict')
    .description('score a file with a model: one output row per input row, in input order')
    .requiredOption('--model <name>', 'model name')
    .requiredOption('--data <source>', 'a local file, database.table or store://prefix')
    .requiredOption('--output <file>', 'local output file: .csv, .jsonl or .parquet')
    .action(async (opts: { model: string; data: string; output: string }, cmd: Command) => {
      await withConnection(
        cmd,
        async (conn, g) => {
          const key = `kelp-system/predictions/${Date.now().toString(36)}-${randomSuffix()}/${basename(opts.output)}`;
          const job = await conn.client.models.predict(opts.model, {
            data: await serverData(conn, opts.data),
            output: key,
          });
          const done = await follow(conn, job, true);
          if (done.state !== 'Completed') {
            throw new PlatformError(
              'invalid_argument',
              `prediction ${done.state.toLowerCase()}: ${done.failureReason ?? ''}`,
              { job: done.name },
            );
          }
          const { body } = await conn.client.objects.get(key);
          await pipeline(Readable.fromWeb(body as never), createWriteStream(opts.output));
          await conn.client.objects.delete(key);
          const rows = (done.result as { rows?: number } | null)?.rows ?? 0;
          if (g.json) return printJson({ job: done.name, model: opts.model, rows, output: opts.output });
          process.stdout.write(`${rows} rows scored with ${opts.model} → ${opts.output}\n`);
        },
        { runJobs: true },
      );
    });

  const models = program.command('models').description('trained models');
  models
    .command('ls')
    .description('list models, newest first')
    .action(async (_o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const all = await conn.client.models.list();
        if (g.json) return printJson(all);
        printTable(
          ['NAME', 'ALGORITHM', 'KIND', 'CREATED', 'METRICS'],
          all.map((m) => [
            m.name,
            m.algorithm,
            m.kind,
            m.createdAt.slice(0, 19).replace('T', ' '),
            Object.entries(m.metrics)
              .filter(
                ([k]) =>
                  k.startsWith('validation:') ||
                  !Object.keys(m.metrics).some((x) => x.startsWith('validation:')),
              )
              .slice(0, 3)
              .map(([k, v]) => `${k}=${v.toPrecision(4)}`)
              .join(' '),
          ]),
        );
      });
    });
  models
    .command('describe <name>')
    .description('a model: algorithm, metrics, hyperparameters, input schema')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const m = await conn.client.models.get(name);
        if (g.json) return printJson(m);
        printTable(
          ['FIELD', 'VALUE'],
          [
            ['name', m.name],
            ['algorithm', m.algorithm],
            ['kind', m.kind],
            ['target', m.target ?? '-'],
            ['classes', m.classes.join(', ') || '-'],
            ['artifact', m.artifactKey],
            ['training job', m.jobName ?? '-'],
            ['data', m.dataSource],
            ...Object.entries(m.metrics).map(([k, v]) => [k, String(Number(v.toPrecision(6)))]),
            ...Object.entries(m.hyperparameters).map(([k, v]) => [`hp ${k}`, String(v)]),
          ],
        );
      });
    });
  models
    .command('import <name>')
    .description(
      'register an ONNX model from elsewhere (served by ONNX Runtime at endpoints and in batch transform)',
    )
    .requiredOption('--onnx <file>', 'the .onnx file')
    .option('--classes <names>', 'comma-separated class names, in the order of its probabilities output')
    .action(async (name: string, opts: { onnx: string; classes?: string }, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const key = `kelp-system/uploads/${Date.now().toString(36)}-${randomSuffix()}/${basename(opts.onnx)}`;
        await conn.client.objects.put(key, createReadStream(opts.onnx));
        const m = await conn.client.models.importOnnx({
          name,
          object: key,
          ...(opts.classes ? { classes: opts.classes.split(',').map((c) => c.trim()) } : {}),
        });
        if (g.json) return printJson(m);
        process.stdout.write(
          `model ${m.name} (imported ONNX ${m.kind}; inputs ${m.schema.map((c) => `${c.name} ${c.type}`).join(', ')})\n`,
        );
      });
    });
  models
    .command('rm <name>')
    .description('delete a model and its artifact')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn) => {
        await conn.client.models.delete(name);
        process.stdout.write(`deleted model ${name}\n`);
      });
    });

  program
    .command('algorithms')
    .description('built-in algorithms and their hyperparameters')
    .argument('[name]', 'one algorithm, with every hyperparameter')
    .action(async (name: string | undefined, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const all = await conn.client.models.algorithms();
        const chosen = name ? all.filter((a) => a.name === name) : all;
        if (name && chosen.length === 0)
          throw invalidArgument(`no algorithm '${name}' (built in: ${all.map((a) => a.name).join(', ')})`);
        if (g.json) return printJson(chosen);
        if (!name)
          return printTable(
            ['ALGORITHM', 'KINDS', 'DESCRIPTION'],
            all.map((a) => [a.name, a.kinds.join(', '), a.description]),
          );
        const a = chosen[0] as (typeof all)[number];
        printTable(
          ['HYPERPARAMETER', 'TYPE', 'DEFAULT', 'RANGE', 'DESCRIPTION'],
          Object.entries(a.hyperparameters).map(([k, s]) => [
            k,
            s.type,
            String(s.default),
            s.values
              ? s.values.join('|')
              : s.min !== undefined || s.max !== undefined
                ? `${s.min ?? ''}..${s.max ?? ''}`
                : '',
            s.description,
          ]),
        );
      });
    });
}
