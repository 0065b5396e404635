import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

import type { Command } from 'commander';

import { invalidArgument } from '../../core/index.js';
import { type GlobalOptions, withConnection } from '../connect.js';
import { formatBytes, printJson, printTable, progressBar } from '../output.js';

function parseMeta(values: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw invalidArgument(`--meta '${v}' must look like name=value`, { field: '--meta' });
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `kelp objects put|get|ls|rm|info` */
export function registerObjects(program: Command): void {
  const objects = program
    .command('objects')
    .description('store and fetch objects (files) in the object store');

  objects
    .command('put <file> <key>')
    .description('upload a local file (or - for stdin) as an object')
    .option('--content-type <type>', 'content type to store with the object')
    .option('--meta <name=value>', 'user metadata (repeatable)', collect)
    .action(
      async (file: string, key: string, opts: { contentType?: string; meta?: string[] }, cmd: Command) => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const size =
          file === '-'
            ? 0
            : (
                await stat(file).catch(() => {
                  throw invalidArgument(`cannot read '${file}': no such file`, { field: 'file' });
                })
              ).size;
        await withConnection(cmd, async (conn) => {
          const bar = progressBar(size, `put ${key}`, g.json);
          try {
            const body = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
            const info = await conn.client.objects.put(key, body, {
              ...(opts.contentType ? { contentType: opts.contentType } : {}),
              metadata: parseMeta(opts.meta),
              onProgress: (n) => bar.update(n),
            });
            bar.stop();
            if (g.json) printJson(info);
            else
              process.stdout.write(`uploaded ${info.key} (${formatBytes(info.size)}, etag ${info.etag})\n`);
          } finally {
            bar.stop();
          }
        });
      },
    );

  objects
    .command('get <key> [file]')
    .description('download an object to a file (default: its base name; - for stdout)')
    .action(async (key: string, file: string | undefined, _opts: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const { info, body } = await conn.client.objects.get(key);
        const target = file ?? key.split('/').pop()!;
        const toStdout = target === '-';
        const bar = progressBar(toStdout ? 0 : info.size, `get ${key}`, g.json);
        let done = 0;
        const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>).on('data', (c: Buffer) => {
          done += c.length;
          bar.update(done);
        });
        await pipeline(source, toStdout ? process.stdout : createWriteStream(target));
        bar.stop();
        if (!toStdout) {
          if (g.json) printJson({ ...info, file: target });
          else process.stdout.write(`downloaded ${key} to ${target} (${formatBytes(info.size)})\n`);
        }
      });
    });

  objects
    .command('ls [prefix]')
    .description('list objects under a prefix, folder by folder (use --recursive for all keys)')
    .option('-r, --recursive', 'list every key under the prefix')
    .option('--limit <n>', 'at most this many entries', (v) => Number(v))
    .action(
      async (prefix: string | undefined, opts: { recursive?: boolean; limit?: number }, cmd: Command) => {
        await withConnection(cmd, async (conn, g) => {
          const objectsOut: { key: string; size: number; lastModified: string }[] = [];
          const prefixes: string[] = [];
          let cursor: string | undefined;
          const max = opts.limit ?? Number.POSITIVE_INFINITY;
          do {
            const page = await conn.client.objects.list({
              ...(prefix ? { prefix } : {}),
              ...(opts.recursive ? {} : { delimiter: '/' }),
              ...(cursor ? { cursor } : {}),
              limit: Math.min(1000, Math.max(1, max - objectsOut.length - prefixes.length)),
            });
            objectsOut.push(...page.objects);
            prefixes.push(...page.commonPrefixes);
            cursor = page.nextCursor;
          } while (cursor && objectsOut.length + prefixes.length < max);
          if (g.json) return printJson({ objects: objectsOut, commonPrefixes: prefixes });
          printTable(
            ['SIZE', 'MODIFIED', 'KEY'],
            [
              ...prefixes.map((p) => ['DIR', '', p]),
              ...objectsOut.map((o) => [
                formatBytes(o.size),
                o.lastModified.slice(0, 19).replace('T', ' '),
                o.key,
              ]),
            ],
          );
        });
      },
    );

  objects
    .command('info <key>')
    .description('size, ETag, content type and metadata of an object')
    .action(async (key: string, _opts: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const info = await conn.client.objects.head(key);
        if (g.json) return printJson(info);
        printTable(
          ['FIELD', 'VALUE'],
          [
            ['key', info.key],
            ['size', `${info.size} (${formatBytes(info.size)})`],
            ['etag', info.etag],
            ['content type', info.contentType],
            ['modified', info.lastModified],
            ...Object.entries(info.metadata).map(([k, v]) => [`meta ${k}`, v]),
          ],
        );
      });
    });

  objects
    .command('rm <keys...>')
    .description('delete objects')
    .action(async (keys: string[], _opts: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        for (const key of keys) await conn.client.objects.delete(key);
        if (g.json) printJson({ deleted: keys });
        else for (const key of keys) process.stdout.write(`deleted ${key}\n`);
      });
    });
}
