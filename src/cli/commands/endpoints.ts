import { readFile, writeFile } from 'node:fs/promises';

import type { Command } from 'commander';

import type { CompileBody, Endpoint, TransformBody, Variant } from '../../contract/index.js';
import { invalidArgument, isPlatformError, PlatformError } from '../../core/index.js';
import { recordio } from '../../engine/index.js';
import { withConnection } from '../connect.js';
import { printJson, printTable } from '../output.js';
import { follow, serverData } from './train.js';

const list = (v: string, prev: string[] = []) => [...prev, v];

/** Writes bytes to stdout, resolving once they are handed to the OS. */
const writeStdout = (bytes: Uint8Array) =>
  new Promise<void>((resolve, reject) =>
    process.stdout.write(bytes, (err) => (err ? reject(err) : resolve())),
  );

/** `NAME=MODEL[:WEIGHT[:WORKERS]]` → a variant. */
function parseVariant(spec: string): Variant {
  const m = /^([a-zA-Z0-9][a-zA-Z0-9-]{0,62})=([a-zA-Z0-9][a-zA-Z0-9-]{0,62})(?::([\d.]+))?(?::(\d+))?$/.exec(
    spec,
  );
  if (!m)
    throw invalidArgument(
      `--variant ${spec}: write NAME=MODEL[:WEIGHT[:WORKERS]], e.g. blue=churn-v2:0.1:2`,
      { variant: spec },
    );
  return {
    name: m[1]!,
    model: m[2]!,
    initialWeight: m[3] ? Number(m[3]) : 1,
    workers: m[4] ? Number(m[4]) : 1,
  };
}

function describeRows(e: Endpoint): string[][] {
  return [
    ['name', e.name],
    ['status', e.status],
    ['config', e.config],
    ['failure', e.failureReason ?? '-'],
    ['updated', e.updatedAt],
    ...e.variants.map((v) => [
      `variant ${v.name}`,
      `model ${v.model}, weight ${v.weight}, workers ${v.readyWorkers}/${v.workers}, invocations ${v.invocations}, errors ${v.errors}`,
    ]),
  ];
}

/** `kelp deploy`, `kelp invoke`, `kelp transform`, `kelp endpoints ls|describe|delete`, `kelp endpoint-configs ls|rm` */
export function registerEndpoints(program: Command): void {
  program
    .command('deploy')
    .description(
      'serve a model (or several variants) at an endpoint; an existing endpoint is updated without downtime',
    )
    .requiredOption('--endpoint <name>', 'endpoint name')
    .option('--model <name>', 'one model, as the variant AllTraffic')
    .option('--variant <spec>', 'NAME=MODEL[:WEIGHT[:WORKERS]] (repeatable) instead of --model', list)
    .option('--workers <n>', 'worker threads for --model (default 1)', (v) => Number(v))
    .option('--config <name>', 'name of the endpoint config to create (default: generated)')
    .action(
      async (
        opts: { endpoint: string; model?: string; variant?: string[]; workers?: number; config?: string },
        cmd: Command,
      ) => {
        if (!opts.model === !opts.variant?.length)
          throw invalidArgument('give either --model or --variant (one or more)', { field: 'model' });
        const variants = opts.model
          ? [{ name: 'AllTraffic', model: opts.model, initialWeight: 1, workers: opts.workers ?? 1 }]
          : opts.variant!.map(parseVariant);
        await withConnection(
          cmd,
          async (conn, g) => {
            const config = opts.config ?? `${opts.endpoint}-${Date.now().toString(36)}`.slice(0, 63);
            await conn.client.endpointConfigs.create({ name: config, variants });
            const existing = await conn.client.endpoints.get(opts.endpoint).catch((err: unknown) => {
              if (isPlatformError(err) && err.code === 'not_found') return undefined;
              throw err;
            });
            if (existing) await conn.client.endpoints.update(opts.endpoint, config);
            else await conn.client.endpoints.create({ name: opts.endpoint, config });
            if (!g.json)
              process.stderr.write(
                `${existing ? 'updating' : 'creating'} endpoint ${opts.endpoint} (config ${config})\n`,
              );
            const ready = await conn.client.endpoints.waitInService(opts.endpoint);
            if (g.json) return printJson(ready);
            printTable(['FIELD', 'VALUE'], describeRows(ready));
            if (conn.embedded)
              process.stderr.write(
                'no Kelp server is running: the endpoint is served while `kelp up` runs\n',
              );
          },
          { runJobs: true },
        );
      },
    );

  program
    .command('invoke <endpoint>')
    .description('send one request to an endpoint and print the response body (SageMaker InvokeEndpoint)')
    .option(
      '--content-type <type>',
      'text/csv, application/json, application/jsonlines or application/x-recordio-protobuf (with --file)',
      'text/csv',
    )
    .option(
      '--accept <type>',
      'response type, one of the above (default: the content type; JSON for RecordIO)',
    )
    .option('--body <data>', 'the request body')
    .option('--file <path>', 'read the request body from a file')
    .option(
      '--output <path>',
      'write the response body to a file, as is (RecordIO: the bytes, one record per input row)',
    )
    .option('--target-variant <name>', 'send to this variant instead of splitting by weight')
    .option('--custom-attributes <text>', 'passed through (X-Amzn-SageMaker-Custom-Attributes)')
    .addHelpText(
      'after',
      '\nA RecordIO answer (--accept application/x-recordio-protobuf) is binary: it goes to --output FILE,\n' +
        'or as raw bytes to stdout when stdout is redirected (kelp invoke ... > out.rec). On a terminal,\n' +
        'and with --json, its records are shown as JSON, one per line, as `kelp convert` writes them.',
    )
    .action(
      async (
        endpoint: string,
        opts: {
          contentType: string;
          accept?: string;
          body?: string;
          file?: string;
          output?: string;
          targetVariant?: string;
          customAttributes?: string;
        },
        cmd: Command,
      ) => {
        if ((opts.body === undefined) === (opts.file === undefined))
          throw invalidArgument('give the request as --body DATA or --file PATH', { field: 'body' });
        // RecordIO requests are binary: read as bytes, never decoded as text.
        const body =
          opts.file === undefined
            ? opts.body!
            : /recordio/i.test(opts.contentType)
              ? new Uint8Array(await readFile(opts.file))
              : await readFile(opts.file, 'utf8');
        // Without a server the command serves the endpoint itself for this one request.
        await withConnection(
          cmd,
          async (conn, g) => {
            const r = await conn.client.endpoints.invoke(endpoint, body, {
              contentType: opts.contentType,
              ...(opts.accept ? { accept: opts.accept } : {}),
              ...(opts.targetVariant ? { targetVariant: opts.targetVariant } : {}),
              ...(opts.customAttributes ? { customAttributes: opts.customAttributes } : {}),
            });
            if (opts.output !== undefined) {
              await writeFile(opts.output, r.body);
              if (g.json) return printJson({ ...r, body: undefined, output: opts.output });
              process.stderr.write(`wrote the response (${r.contentType}) to ${opts.output}\n`);
              return;
            }
            if (typeof r.body === 'string') {
              if (g.json) return printJson(r);
              process.stdout.write(r.body.endsWith('\n') ? r.body : `${r.body}\n`);
              return;
            }
            const records = () =>
              recordio.decodeRecordIO(r.body as Uint8Array, 'the response').map(recordio.recordToJson);
            if (g.json) return printJson({ ...r, body: records() });
            if (process.stdout.isTTY)
              process.stdout.write(
                records()
                  .map((j) => `${JSON.stringify(j)}\n`)
                  .join(''),
              );
            else await writeStdout(r.body);
          },
          { runJobs: true },
        );
      },
    );

  program
    .command('transform')
    .description(
      'batch transform: score every object under an input into OUTPUT/<name>.out (SageMaker CreateTransformJob)',
    )
    .requiredOption('--model <name>', 'model name')
    .requiredOption(
      '--input <source>',
      'store://prefix, an object key, database.table, or a local file or folder',
    )
    .requiredOption('--output <prefix>', 'object key prefix for the .out objects')
    .option('--content-type <type>', 'text/csv, application/json or application/jsonlines', 'text/csv')
    .option(
      '--accept <type>',
      'result type: text/csv, application/json, application/jsonlines or application/x-recordio-protobuf (records concatenated, no --output-filter or --join-input) (default: the content type)',
    )
    .option(
      '--split-type <type>',
      'Line (a record per line), RecordIO (whole records) or None (the whole object)',
      'Line',
    )
    .option(
      '--strategy <strategy>',
      'MultiRecord (batches up to --max-payload-mb) or SingleRecord',
      'MultiRecord',
    )
    .option('--max-payload-mb <n>', 'largest batch sent to the model', (v) => Number(v), 6)
    .option(
      '--assemble-with <how>',
      'Line (a result per line) or None; RecordIO results are always concatenated',
      'Line',
    )
    .option('--input-filter <jsonpath>', "what the model sees of each record, e.g. '$[1:]'")
    .option('--output-filter <jsonpath>', "what is kept of each result, e.g. '$[0,-1]'")
    .option('--join-input', 'put each input record beside its result')
    .option('--workers <n>', 'model worker threads (default: cores)', (v) => Number(v))
    .action(
      async (
        opts: {
          model: string;
          input: string;
          output: string;
          contentType: string;
          accept?: string;
          splitType: string;
          strategy: string;
          maxPayloadMb: number;
          assembleWith: string;
          inputFilter?: string;
          outputFilter?: string;
          joinInput?: boolean;
          workers?: number;
        },
        cmd: Command,
      ) => {
        await withConnection(
          cmd,
          async (conn, g) => {
            const job = await conn.client.transforms.start({
              model: opts.model,
              input: await serverData(conn, opts.input),
              output: opts.output,
              contentType: opts.contentType as TransformBody['contentType'],
              ...(opts.accept ? { accept: opts.accept as TransformBody['accept'] } : {}),
              splitType: opts.splitType as TransformBody['splitType'],
              batchStrategy: opts.strategy as TransformBody['batchStrategy'],
              maxPayloadMB: opts.maxPayloadMb,
              assembleWith: opts.assembleWith as TransformBody['assembleWith'],
              ...(opts.inputFilter ? { inputFilter: opts.inputFilter } : {}),
              ...(opts.outputFilter ? { outputFilter: opts.outputFilter } : {}),
              joinSource: opts.joinInput ? 'Input' : 'None',
              ...(opts.workers ? { workers: opts.workers } : {}),
            });
            const done = await follow(conn, job, g.json);
            if (done.state !== 'Completed')
              throw new PlatformError(
                'invalid_argument',
                `transform ${done.state.toLowerCase()}: ${done.failureReason ?? ''}`,
                {
                  job: done.name,
                },
              );
            if (g.json) return printJson({ job: done.name, ...(done.result as object) });
            const r = done.result as {
              objects: number;
              records: number;
              recordsPerSecond: number;
              output: string;
            };
            printTable(
              ['FIELD', 'VALUE'],
              [
                ['job', done.name],
                ['objects', String(r.objects)],
                ['records', String(r.records)],
                ['records/s', String(r.recordsPerSecond)],
                ['output', r.output],
              ],
            );
          },
          { runJobs: true },
        );
      },
    );

  program
    .command('compile')
    .description('export a model with its preprocessing to ONNX, checked in ONNX Runtime (SageMaker Neo)')
    .requiredOption('--model <name>', 'model name')
    .option('--target <target>', 'onnx, or onnx-web for onnxruntime-web in a browser', 'onnx')
    .option('--output <file>', 'where to write the .onnx file (default: <model>.onnx)')
    .action(async (opts: { model: string; target: string; output?: string }, cmd: Command) => {
      await withConnection(
        cmd,
        async (conn, g) => {
          const job = await conn.client.compilations.start({
            model: opts.model,
            target: opts.target as CompileBody['target'],
          });
          const done = await follow(conn, job, g.json);
          if (done.state !== 'Completed')
            throw new PlatformError(
              'invalid_argument',
              `compile ${done.state.toLowerCase()}: ${done.failureReason ?? ''}`,
              {
                job: done.name,
              },
            );
          const r = done.result as { key: string; bytes: number; verifiedRows: number; maxAbsDiff: number };
          const output = opts.output ?? `${opts.model}.onnx`;
          const { body } = await conn.client.objects.get(r.key);
          await writeFile(output, new Uint8Array(await new Response(body).arrayBuffer()));
          if (g.json) return printJson({ job: done.name, output, ...r });
          printTable(
            ['FIELD', 'VALUE'],
            [
              ['output', output],
              ['bytes', String(r.bytes)],
              ['verified rows', String(r.verifiedRows)],
              ['largest difference', r.maxAbsDiff.toExponential(2)],
              ['object', r.key],
            ],
          );
        },
        { runJobs: true },
      );
    });

  const endpoints = program.command('endpoints').description('real-time endpoints');
  endpoints
    .command('ls')
    .description('endpoints, newest first')
    .action(async (_o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const all = await conn.client.endpoints.list();
        if (g.json) return printJson(all);
        printTable(
          ['NAME', 'STATUS', 'CONFIG', 'UPDATED'],
          all.map((e) => [e.name, e.status, e.config, e.updatedAt.slice(0, 19).replace('T', ' ')]),
        );
      });
    });
  endpoints
    .command('describe <name>')
    .description('an endpoint: status, config, variants with live counters')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const e = await conn.client.endpoints.get(name);
        if (g.json) return printJson(e);
        printTable(['FIELD', 'VALUE'], describeRows(e));
      });
    });
  endpoints
    .command('delete <name>')
    .description('delete an endpoint (its workers drain first); its config stays')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn) => {
        await conn.client.endpoints.delete(name);
        process.stdout.write(`deleted endpoint ${name}\n`);
      });
    });

  const configs = program.command('endpoint-configs').description('endpoint configs: variants over models');
  configs
    .command('ls')
    .description('endpoint configs, newest first')
    .action(async (_o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const all = await conn.client.endpointConfigs.list();
        if (g.json) return printJson(all);
        printTable(
          ['NAME', 'VARIANTS', 'CREATED'],
          all.map((c) => [
            c.name,
            c.variants.map((v) => `${v.name}=${v.model}:${v.initialWeight}:${v.workers}`).join(' '),
            c.createdAt.slice(0, 19).replace('T', ' '),
          ]),
        );
      });
    });
  configs
    .command('rm <name>')
    .description('delete an endpoint config (refused while an endpoint uses it)')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn) => {
        await conn.client.endpointConfigs.delete(name);
        process.stdout.write(`deleted endpoint config ${name}\n`);
      });
    });
}
